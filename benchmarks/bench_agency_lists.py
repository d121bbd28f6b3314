"""Benchmark of an agency user's task list and count against an office user's and against bare SQL.

On the data of `bench_reports.py` (50 agencies, 100,000 tasks, a third with coordinating agencies; generated
once if missing), it times, side by side in one run (rounds calling every path in turn; the fastest call of
each path is kept, the one least disturbed by the rest of the machine):

- an agency focal point's list of 20 tasks (newest first) and its count, through Frappe's `frappe.get_list`
  path (the desk's and REST's) and through REST (`/api/resource/Directive Task`,
  `/api/method/frappe.client.get_count`, over HTTP to a server this script starts on 127.0.0.1);
- the same rows written by hand in SQL, several ways (the best of them is the reference);
- the agency user's list again read by the semi-join over the pairs (the plan of every query but a plain
  page of the list, see `permissions._walk_pays`), and with the permission condition the app had before
  the table of which agency sees which task (`lead_agency in (...) or exists (coordinator ...)`), to show
  the change;
- an office user's list and count, through Frappe and REST, and its bare SQL.

The lists and counts are checked equal to the bare SQL's. Target: an agency user's list and count through
Frappe within 2x of the best bare SQL. Run it from the bench's sites folder, on a site of its own:

    cd ~/chidao-bench/sites
    ../env/bin/python ../apps/chidao_dieuhanh/benchmarks/bench_agency_lists.py --site scale2.chidao.localhost
"""

import argparse
import json
import logging
import os
import sys
import threading
import time
from unittest.mock import patch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bench_reports
from bench_reports import as_user

AGENCY = f"{bench_reports.PREFIX} Agency 07"
AGENCY_USER = "focal@bench-agency-lists.chidao.vn"
OFFICE_USER = "office@bench-agency-lists.chidao.vn"
FIELDS = ["name", "content", "lead_agency", "workflow_state", "deadline", "deadline_status", "progress"]
ORDER = "`tabDirective Task`.`creation` desc"


def old_task_condition(user: str, table: str = "`tabDirective Task`", also: str = "", walk=False) -> str:
	"""The condition the app used before `tabDirective Task Agency` (for the "before" rows), with the
	tasks handed to the user (`also`) ORed to it."""
	from chidao_dieuhanh.permissions import _in_list, get_user_agencies

	agencies = get_user_agencies(user)
	if not agencies:
		return "1=0"
	names = _in_list(agencies)
	handed = f" or {table}.`name` in ({also})" if also else ""
	return (
		f"({table}.`lead_agency` in ({names}) or exists (select 1 from `tabTask Coordinating Agency` tca"
		f" where tca.`parent` = {table}.`name` and tca.`parenttype` = 'Directive Task'"
		f" and tca.`agency` in ({names})){handed})"
	)


def setup_users(frappe) -> dict[str, str]:
	"""The agency focal point of AGENCY and a tracking officer, with API keys (committed)."""
	from frappe.utils.password import set_encrypted_password

	tokens = {}
	for user, role in ((AGENCY_USER, "Agency Focal Point"), (OFFICE_USER, "Tracking Officer")):
		if not frappe.db.exists("User", user):
			frappe.get_doc(
				{
					"doctype": "User",
					"email": user,
					"first_name": user.split("@")[0],
					"send_welcome_email": 0,
					"user_type": "System User",
				}
			).insert(ignore_permissions=True)
		doc = frappe.get_doc("User", user)
		if role not in frappe.get_roles(user):
			doc.add_roles(role)
		secret = frappe.generate_hash(length=15)
		api_key = doc.api_key or frappe.generate_hash(length=15)
		frappe.db.set_value("User", user, "api_key", api_key)
		set_encrypted_password("User", user, secret, "api_secret")
		tokens[user] = f"token {api_key}:{secret}"
	if not frappe.db.exists("Agency User", {"parent": AGENCY, "user": AGENCY_USER}):
		now = frappe.utils.now()
		frappe.db.bulk_insert(
			"Agency User",
			[
				"name",
				"creation",
				"modified",
				"owner",
				"modified_by",
				"parent",
				"parenttype",
				"parentfield",
				"idx",
				"user",
			],
			[
				(
					frappe.generate_hash(length=10),
					now,
					now,
					"Administrator",
					"Administrator",
					AGENCY,
					"Agency",
					"users",
					99,
					AGENCY_USER,
				)
			],
		)
	frappe.db.commit()
	frappe.clear_cache()
	return tokens


def spread_creation(frappe) -> None:
	"""The generated tasks share one creation time: one second apart instead (newest last), so that a list
	newest first has one answer whatever the plan."""
	pattern = f"NV-{bench_reports.PREFIX}-%"
	if (
		frappe.db.sql("select count(distinct creation) from `tabDirective Task` where name like %s", pattern)[
			0
		][0]
		> 1
	):
		return
	frappe.db.sql(
		"""update `tabDirective Task` set creation = date_sub(creation, interval
			%(tasks)s - cast(substring_index(name, '-', -1) as unsigned) second) where name like %(pattern)s""",
		{"tasks": bench_reports.TASKS, "pattern": pattern},
	)
	frappe.db.commit()


def start_server(site: str) -> int:
	"""Frappe's WSGI application on 127.0.0.1 (a real HTTP server in a thread of this process)."""
	import frappe.app
	from werkzeug.serving import make_server

	logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
	server = make_server("127.0.0.1", 0, frappe.app.application, threaded=False)
	thread = threading.Thread(target=server.serve_forever, daemon=True)
	thread.start()
	frappe.app._site = site
	return server.server_port


def main():
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--rounds", type=int, default=30)
	args = parser.parse_args()

	import frappe
	import requests

	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	from chidao_dieuhanh import permissions
	from chidao_dieuhanh.api import frappe_overrides
	from chidao_dieuhanh.api.frappe_overrides import get_count

	bench_reports.generate(frappe, frappe.utils.getdate())
	spread_creation(frappe)
	tokens = setup_users(frappe)
	port = start_server(args.site)
	http = requests.Session()
	base = f"http://127.0.0.1:{port}"
	pairs = frappe.db.count("Directive Task Agency")
	print(f"On the site: {frappe.db.count('Directive Task'):,} tasks, {pairs:,} (task, agency) rows\n")

	def frappe_list():
		return [
			r.name
			for r in frappe.get_list("Directive Task", fields=FIELDS, order_by=ORDER, limit_page_length=20)
		]

	def frappe_count():
		return get_count("Directive Task")

	def rest_list(user):
		params = {"fields": json.dumps(FIELDS), "limit_page_length": 20, "order_by": ORDER}

		def call():
			response = http.get(
				f"{base}/api/resource/Directive Task", params=params, headers={"Authorization": tokens[user]}
			)
			response.raise_for_status()
			return [r["name"] for r in response.json()["data"]]

		return call

	def rest_count(user):
		def call():
			response = http.get(
				f"{base}/api/method/frappe.client.get_count",
				params={"doctype": "Directive Task"},
				headers={"Authorization": tokens[user]},
			)
			response.raise_for_status()
			return response.json()["message"]

		return call

	agencies = permissions._in_list(permissions._load_user_agencies(AGENCY_USER))
	columns = ", ".join(f"t.`{f}`" for f in FIELDS)
	bare_lists = {
		"pairs, semi-join": f"""select {columns} from `tabDirective Task` t
			where t.name in (select p.task from `tabDirective Task Agency` p where p.agency in ({agencies}))
			order by t.creation desc limit 20""",
		"pairs, join": f"""select {columns} from `tabDirective Task Agency` p
			straight_join `tabDirective Task` t on t.name = p.task
			where p.agency in ({agencies}) order by t.creation desc limit 20""",
		"creation index, each task's pairs probed": f"""select {columns} from `tabDirective Task` t
			force index (creation) where exists (select 1 from `tabDirective Task Agency` p
				where p.task = t.name and p.agency in ({agencies}))
			order by t.creation desc limit 20""",
		"lead index + coordinator index": f"""select {columns} from `tabDirective Task` t
			where t.name in (select u.name from (select x.name from `tabDirective Task` x
				where x.lead_agency in ({agencies}) union all select c.parent from `tabTask Coordinating Agency` c
				where c.agency in ({agencies}) and c.parenttype = 'Directive Task') u)
			order by t.creation desc limit 20""",
	}
	bare_counts = {
		"pairs, index only": f"""select count(distinct p.task) from `tabDirective Task Agency` p
			where p.agency in ({agencies})""",
		"pairs, semi-join": f"""select count(*) from `tabDirective Task` t
			where t.name in (select p.task from `tabDirective Task Agency` p where p.agency in ({agencies}))""",
		"lead index + coordinator index": f"""select count(*) from (select x.name from `tabDirective Task` x
			where x.lead_agency in ({agencies}) union select c.parent from `tabTask Coordinating Agency` c
			where c.agency in ({agencies}) and c.parenttype = 'Directive Task') u""",
	}

	# Warm the caches (meta, settings, the user's roles) and the buffer pool, as a desk in use has them.
	for user in (AGENCY_USER, OFFICE_USER):
		as_user(user, frappe_list)(), as_user(user, frappe_count)(), rest_list(user)(), rest_count(user)()
	frappe.set_user("Administrator")

	rows = []  # (what, path, ms, result)

	def bare(sql, pluck_first=True):
		def call():
			result = frappe.db.sql(sql)
			return [r[0] for r in result] if pluck_first else result[0][0]

		return call

	def add(what, path, fn):
		rows.append([what, path, None, None, fn])

	def semi_join(fn):
		"""`fn` with the page of the list read by the semi-join (the walk of permissions._walk_pays off)."""

		def call():
			with patch.object(permissions, "WALK_MIN_VISIBLE", 10**12):
				return fn()

		return call

	def before(fn):
		"""`fn` with the permission condition of before the table of which agency sees which task."""

		def call():
			with (
				patch.object(permissions, "task_condition", old_task_condition),
				patch.object(frappe_overrides, "agency_task_count", lambda user: None),
			):
				return fn()

		return call

	for label, sql in bare_lists.items():
		add("agency list of 20", f"bare SQL ({label})", bare(sql))
	add("agency list of 20", "frappe.get_list", as_user(AGENCY_USER, frappe_list))
	add("agency list of 20", "REST", rest_list(AGENCY_USER))
	add(
		"agency list of 20",
		"frappe.get_list, semi-join (no walk)",
		semi_join(as_user(AGENCY_USER, frappe_list)),
	)
	add(
		"agency list of 20",
		"frappe.get_list, before (lead or exists)",
		before(as_user(AGENCY_USER, frappe_list)),
	)
	add("agency list of 20", "REST, before (lead or exists)", before(rest_list(AGENCY_USER)))
	for label, sql in bare_counts.items():
		add("agency count", f"bare SQL ({label})", bare(sql, pluck_first=False))
	add("agency count", "frappe get_count", as_user(AGENCY_USER, frappe_count))
	add("agency count", "REST", rest_count(AGENCY_USER))
	add(
		"agency count",
		"frappe get_count, before (lead or exists)",
		before(as_user(AGENCY_USER, frappe_count)),
	)
	add("agency count", "REST, before (lead or exists)", before(rest_count(AGENCY_USER)))
	add(
		"office list of 20",
		"bare SQL",
		bare(f"select {columns} from `tabDirective Task` t order by t.creation desc limit 20"),
	)
	add("office list of 20", "frappe.get_list", as_user(OFFICE_USER, frappe_list))
	add("office list of 20", "REST", rest_list(OFFICE_USER))
	add("office count", "bare SQL", bare("select count(*) from `tabDirective Task`", pluck_first=False))
	add("office count", "frappe get_count", as_user(OFFICE_USER, frappe_count))
	add("office count", "REST", rest_count(OFFICE_USER))
	# Side by side: each round calls every path once, in turn, so that the load of the machine at a moment
	# weighs on all of them alike; the fastest call of each path is kept.
	for _round in range(args.rounds):
		for row in rows:
			start = time.perf_counter()
			row[3] = row[4]()
			elapsed = (time.perf_counter() - start) * 1000
			row[2] = elapsed if row[2] is None else min(row[2], elapsed)
	rows = [tuple(row[:4]) for row in rows]
	frappe.set_user("Administrator")

	# Every path of a list or count gives the same rows.
	for what in {r[0] for r in rows}:
		results = {json.dumps(r[3], default=str) for r in rows if r[0] == what}
		assert len(results) == 1, (what, [(r[1], r[3]) for r in rows if r[0] == what])

	best_bare = {
		what: min(r[2] for r in rows if r[0] == what and r[1].startswith("bare")) for what, *_ in rows
	}
	print(f"Agency user: a focal point of {AGENCY}; office user: a tracking officer")
	print(f"{'':20} {'path':46} {'ms':>8} {'x best bare':>12}")
	for what, path, ms, result in rows:
		shown = f"{result:,}" if isinstance(result, int) else f"{len(result)} rows"
		print(f"{what:20} {path:46} {ms:8.2f} {ms / best_bare[what]:12.2f}   {shown}")
	for what in ("agency list of 20", "agency count"):
		frappe_ms = next(
			r[2] for r in rows if r[0] == what and r[1].startswith("frappe") and "before" not in r[1]
		)
		verdict = "met" if frappe_ms <= 2 * best_bare[what] else "NOT met"
		print(f"Target for the {what} through Frappe, within 2x of the best bare SQL: {verdict}")
	print("\nPlans:")
	for label, sql in (
		("agency list", bare_lists["pairs, semi-join"]),
		("agency count", bare_counts["pairs, semi-join"]),
	):
		print(f"  {label}:")
		for plan in frappe.db.sql(f"explain {sql}", as_dict=True):
			print(f"    {plan.table:>28} {plan.type:>7} key={plan.key} rows={plan.rows} {plan.Extra or ''}")
	frappe.destroy()


if __name__ == "__main__":
	main()
