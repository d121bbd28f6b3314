"""Benchmark of the digital signatures: the time to check a signed PDF (pyHanko: integrity, changes after
signing, chain to the trusted roots, as on every PDF attached to a directive) and to make a signature
(PAdES with a visible box, in the two steps of signatures.py), each the mean of N runs, for a one-page PDF
and for a 10 MB one (the size limit of an attachment). The CA and the certificates are made here; no site
is needed.

    cd ~/chidao-bench/sites
    ../env/bin/python ../apps/chidao_dieuhanh/benchmarks/signatures.py [--runs 20]
"""

import argparse
import statistics
import time
from datetime import datetime, timezone
from io import BytesIO

from chidao_dieuhanh import signatures
from chidao_dieuhanh.tests import signing_ca


def large_pdf(size: int) -> bytes:
	"""A one-page PDF carrying `size` bytes of an embedded file, as a scanned attachment would."""
	from pypdf import PdfReader, PdfWriter

	writer = PdfWriter()
	writer.append_pages_from_reader(PdfReader(BytesIO(signing_ca.blank_pdf())))
	writer.add_attachment("phu-luc.bin", bytes(range(256)) * (size // 256))
	out = BytesIO()
	writer.write(out)
	return out.getvalue()


def timed(function, runs: int) -> tuple[float, float]:
	times = []
	for _ in range(runs):
		start = time.perf_counter()
		function()
		times.append(time.perf_counter() - start)
	return statistics.mean(times) * 1000, statistics.median(times) * 1000


def main():
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--runs", type=int, default=20)
	args = parser.parse_args()

	root = signing_ca.make_root("CA Thử nghiệm", "Ban Cơ yếu (thử nghiệm)")
	identity = signing_ca.issue(root, "Nguyễn Văn Ký", "Sở Tài chính")
	signer = identity.signer()
	roots = [signatures.to_asn1(root.cert)]
	box = signatures.SignatureBox("Nguyễn Văn Ký", "Giám đốc", "01/12/2026 08:00:00", signatures.PORTRAIT_BOX)

	def sign(pdf):
		return signatures.sign_pdf(pdf, signer, box, signed_at=datetime.now(timezone.utc))

	sign(signing_ca.blank_pdf())  # loads the stamp font and pyHanko's modules once
	print(f"Digital signatures, RSA 2048 / SHA-256, mean (median) of {args.runs} runs")
	for label, pdf in (("1-page PDF", signing_ca.blank_pdf()), ("10 MB PDF", large_pdf(10 * 1024 * 1024))):
		signed = sign(pdf)
		(result,) = signatures.check_pdf(signed, roots)
		assert result.status == signatures.VALID, result
		check_mean, check_median = timed(lambda signed=signed: signatures.check_pdf(signed, roots), args.runs)
		sign_mean, sign_median = timed(lambda pdf=pdf: sign(pdf), args.runs)
		print(
			f"  {label:<11} ({len(signed) / 1024:>8.0f} KB): check {check_mean:7.1f} ms ({check_median:.1f}),"
			f" sign {sign_mean:7.1f} ms ({sign_median:.1f})"
		)


if __name__ == "__main__":
	main()
