"""Benchmark of edXML reception: one package with a 10 MB attachment, then 1,000 packages in a row.

Each package is posted to chidao_dieuhanh.api.edxml.receive through Frappe's whole WSGI application
(token authentication, the request's transaction and commit), as the integration platform would send it,
with the integration user's API key. The 1,000 packages are the test samples' (a PDF and a zip of two
files each: four private files per directive with the package). Prints the times and the packages per
second, then removes what it made (unless --keep).

Run it from the bench's sites folder, on a site of its own:

    cd ~/chidao-bench/sites
    ../env/bin/python ../apps/chidao_dieuhanh/benchmarks/edxml_receive.py --site import.chidao.localhost
"""

import argparse
import time

PACKAGES = 1_000
LARGE_ATTACHMENT = 10 * 1024 * 1024
USER = "bench.edxml.integration@example.org"
SENDER_ID = "999.98.00.Z97"
PATH = "/api/method/chidao_dieuhanh.api.edxml.receive"


def setup(site: str) -> str:
	import frappe

	from chidao_dieuhanh.tests.factories import make_user
	from chidao_dieuhanh.tests.test_permissions import api_token

	frappe.init(site=site, sites_path=".")
	frappe.connect()
	make_user(USER, "Document Integration")
	token = api_token(USER)
	frappe.db.commit()
	frappe.destroy()
	return token


def cleanup(site: str) -> int:
	import frappe

	frappe.init(site=site, sites_path=".")
	frappe.connect()
	names = frappe.get_all("Directive", filters={"sender_organ_id": SENDER_ID}, pluck="name")
	for name in names:
		frappe.delete_doc("Directive", name, force=True, ignore_permissions=True)
	frappe.db.commit()
	frappe.destroy()
	return len(names)


def main():
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--packages", type=int, default=PACKAGES)
	parser.add_argument("--keep", action="store_true", help="keep the directives made")
	args = parser.parse_args()

	from frappe.app import application
	from werkzeug.test import Client

	from chidao_dieuhanh import edxml
	from chidao_dieuhanh.tests import edxml_samples as samples

	token = setup(args.site)
	client = Client(application)
	stamp = int(time.time())

	def post(data: bytes):
		response = client.post(
			PATH,
			base_url=f"http://{args.site}",
			data=data,
			headers={"Authorization": token, "Content-Type": "application/xml"},
		)
		if response.status_code != 200:
			raise SystemExit(f"HTTP {response.status_code}: {response.get_data(as_text=True)[:500]}")
		return response

	def package(number: int, **kwargs) -> bytes:
		return samples.package(
			document_id=f"{SENDER_ID},2026/11/20,{stamp}-{number}/UBND-BM",
			code_number=f"{stamp}-{number}",
			code_notation="UBND-BM",
			sender=(SENDER_ID, "Cơ quan gửi thử tải"),
			**kwargs,
		)

	large = samples.large_package(
		LARGE_ATTACHMENT,
		document_id=f"{SENDER_ID},2026/11/20,{stamp}-0/UBND-BM",
		code_number=f"{stamp}-0",
		sender=(SENDER_ID, "Cơ quan gửi thử tải"),
	)
	start = time.perf_counter()
	edxml.parse(large)
	parse_time = time.perf_counter() - start
	start = time.perf_counter()
	post(large)
	large_time = time.perf_counter() - start
	print(
		f"package of {len(large) / 1024 / 1024:.1f} MB (a {LARGE_ATTACHMENT / 1024 / 1024:.0f} MB PDF):"
		f" received in {large_time:.2f} s (of which parsing and decoding {parse_time:.2f} s)"
	)

	bodies = [package(number) for number in range(1, args.packages + 1)]
	start = time.perf_counter()
	for body in bodies:
		post(body)
	elapsed = time.perf_counter() - start
	print(
		f"{args.packages:,} packages of {len(bodies[0]) / 1024:.1f} KB (3 attachments each) in a row:"
		f" {elapsed:.1f} s, {args.packages / elapsed:.1f} packages/s ({elapsed / args.packages * 1000:.0f} ms each)"
	)
	if not args.keep:
		print(f"removed {cleanup(args.site):,} directives")


if __name__ == "__main__":
	main()
