"""Attack suite of agency isolation (issue 9, part 1), over plain HTTP against a running server.

Users of agency A (focal point and head), of its sub-unit A1, of agency B, of agency C (which only
coordinates a task of B), a tracking officer and a guest walk a matrix: every doctype of the app × every
verb × the user's relation to the document. Each test is one verb family; it checks all its cells and
fails at the end with the list of failed ones. The expected answers are in isolation_cases.World.

	cd ~/chidao-bench/sites
	E2E_SITE=attack.chidao.localhost ../env/bin/python -m pytest -q ../apps/chidao_dieuhanh/e2e/test_isolation.py
"""

import json
from collections import Counter

import pytest
from isolation_cases import (
	AGENCY_FIELDS,
	AGENCY_USERS,
	CHILD_DOCTYPES,
	OFFICE_FIELDS,
	SERVER_ERRORS,
	SUMMARIES,
	SYSTEM_FIELDS,
	TABLE_FIELDS,
	TASK_RECORD_DOCTYPES,
	USERS,
	Matrix,
	forged_value,
	restore,
	snapshot,
	world_and_clients,
)

from chidao_dieuhanh.task_states import ASSIGNED, IN_PROGRESS

MATRIX = Matrix("isolation matrix")
DENIED = (401, 403, 404)
MAIN_DOCTYPES = ("Directive", "Directive Task", "Progress Report", "Extension Request", "Task Reminder")


@pytest.fixture(scope="module")
def env(on_site, server):
	world, clients = world_and_clients(on_site, server)
	yield world, clients
	SUMMARIES.append(MATRIX.summary())


def denied(r, user) -> bool:
	"""A refusal: 401/403, or 404 for a document one may not know of; never 5xx, never data."""
	return r.status in ((401, 403, 404) if user == "guest" else DENIED)


def refused(r, user) -> bool:
	"""A refused change: 401/403 for the guest; for others 403 (or Frappe's ValidationError 417 for a rule
	of the document, 409, 400, or 404 for a row one may not know of)."""
	return r.status in (401, 403) if user == "guest" else r.status in (403, 417, 409, 400, 404)


def names_of(r) -> set:
	rows = r.data if r.data is not None else r.message
	if not isinstance(rows, list):
		return set()
	return {row["name"] if isinstance(row, dict) else row[0] for row in rows}


# --------------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------------


def test_list(env):
	world, clients = env
	family = "list"
	for doctype in MAIN_DOCTYPES:
		ours = [(name, task) for dt, name, task in world.documents() if dt == doctype]
		names = [n for n, _ in ours]
		for user in USERS:
			expected = {n for n, t in ours if world.can_read(user, doctype, n, t)}
			c = clients[user]
			for verb, r in (
				(
					"GET /api/resource",
					c.get(
						c.resource(doctype),
						fields=["name"],
						filters=[["name", "in", names]],
						limit_page_length=0,
					),
				),
				(
					"frappe.client.get_list",
					c.call(
						"frappe.client.get_list",
						doctype=doctype,
						fields=["name"],
						filters=[["name", "in", names]],
						limit_page_length=0,
					),
				),
			):
				label = f"{verb} {doctype} as {user}"
				if user == "guest":
					MATRIX.check(family, label, denied(r, user), r.short())
					continue
				got = names_of(r)
				MATRIX.check(
					family,
					label,
					r.status == 200 and got == expected,
					f"{r.short()} hidden shown: {sorted(got - expected)}, readable missing: {sorted(expected - got)}",
				)
	for doctype in CHILD_DOCTYPES:
		rows = {name: key for key in ("TA", "TB") for name in world["child_rows"][key][doctype]}
		for user in USERS:
			expected = {n for n, key in rows.items() if user != "guest" and world.can_read_task(user, key)}
			c = clients[user]
			for verb, r in (
				(
					"frappe.client.get_list",
					c.call(
						"frappe.client.get_list",
						doctype=doctype,
						parent="Directive Task",
						fields=["name", "parent"],
						filters=[["name", "in", list(rows)]],
						limit_page_length=0,
					),
				),
				(
					"GET /api/resource",
					c.get(
						c.resource(doctype),
						parent="Directive Task",
						fields=["name", "parent"],
						filters=[["name", "in", list(rows)]],
						limit_page_length=0,
					),
				),
				(
					"frappe.client.get_list without parent",
					c.call(
						"frappe.client.get_list",
						doctype=doctype,
						fields=["name", "parent"],
						filters=[["name", "in", list(rows)]],
						limit_page_length=0,
					),
				),
			):
				label = f"{verb} {doctype} as {user}"
				got = names_of(r) if r.status == 200 else set()
				if user == "guest":
					ok = denied(r, user)
				elif verb.endswith("without parent"):
					ok = r.status < 500 and got <= expected  # refused, or only readable rows
				else:
					ok = r.status == 200 and got == expected
				MATRIX.check(
					family,
					label,
					ok,
					f"{r.short()} hidden rows shown: {len(got - expected)}, readable missing: {len(expected - got)}",
				)
	# Masters are readable by everyone logged in; the digest and the settings by the office only.
	for user in USERS:
		c = clients[user]
		agencies = list(world["agencies"].values())
		r = c.get(c.resource("Agency"), filters=[["name", "in", agencies]], limit_page_length=0)
		ok = denied(r, user) if user == "guest" else (r.status == 200 and names_of(r) == set(agencies))
		MATRIX.check(family, f"GET /api/resource Agency as {user}", ok, r.short())
		r = c.get(c.resource("Sector"), filters=[["name", "in", list(world["sectors"].values())]])
		ok = denied(r, user) if user == "guest" else (r.status == 200 and len(names_of(r)) == 2)
		MATRIX.check(family, f"GET /api/resource Sector as {user}", ok, r.short())
		r = c.get(c.resource("Directive Digest"), filters=[["name", "=", world["digest"]]])
		ok = (
			(r.status == 200 and names_of(r) == {world["digest"]})
			if user == "office"
			else (denied(r, user) or (r.status == 200 and not names_of(r)))
		)
		MATRIX.check(family, f"GET /api/resource Directive Digest as {user}", ok, r.short())
		for doctype, name in world["office_records"].items():
			r = c.get(c.resource(doctype), filters=[["name", "=", name]])
			ok = (
				(r.status == 200 and names_of(r) == {name})
				if user == "office"
				else (denied(r, user) or (r.status == 200 and not names_of(r)))
			)
			MATRIX.check(family, f"GET /api/resource {doctype} as {user}", ok, r.short())
		# The trusted roots are the IT officer's (System Manager, Directive Manager): no one else lists them.
		r = c.get(c.resource("Trusted Root Certificate"))
		ok = denied(r, user) or (r.status == 200 and not names_of(r))
		MATRIX.check(family, f"GET /api/resource Trusted Root Certificate as {user}", ok, r.short())
	# Records about a hidden task are not listed.
	for doctype in TASK_RECORD_DOCTYPES:
		for key in ("TA", "TB"):
			names = world["records"][doctype][key]
			if not names:
				continue
			for user in (*AGENCY_USERS, "guest"):
				if world.can_read_task(user, key) and user != "guest":
					continue
				c = clients[user]
				r = c.call(
					"frappe.client.get_list",
					doctype=doctype,
					fields=["name"],
					filters=[["name", "in", names]],
					limit_page_length=0,
				)
				ok = denied(r, user) or (r.status == 200 and not names_of(r))
				MATRIX.check(
					family,
					f"frappe.client.get_list {doctype} about {key} as {user} ({world.relation(user, key)})",
					ok,
					f"{r.short()}",
				)
	MATRIX.assert_family(family)


def test_count(env):
	world, clients = env
	family = "count"
	m = world.marker
	for doctype in MAIN_DOCTYPES:
		ours = [(name, task) for dt, name, task in world.documents() if dt == doctype]
		names = [n for n, _ in ours]
		for user in USERS:
			expected = sum(1 for n, t in ours if world.can_read(user, doctype, n, t))
			c = clients[user]
			for verb in ("frappe.client.get_count", "frappe.desk.reportview.get_count"):
				r = c.call(verb, doctype=doctype, filters=[["name", "in", names]])
				label = f"{verb} {doctype} as {user}"
				ok = denied(r, user) if user == "guest" else (r.status == 200 and r.message == expected)
				MATRIX.check(family, label, ok, f"{r.short()} expected {expected}")
	# Reading a hidden text letter by letter: a filter on the content of one task.
	probes = [("Directive Task", "content", f"{m}-{k} %", k) for k in ("TA", "TA1", "TB")]
	probes += [("Progress Report", "content", f"%{m}-{k} báo cáo 20%%", k) for k in ("TA", "TB")]
	probes += [("Extension Request", "reason", f"{m}-{k} %", k) for k in ("TA", "TB")]
	probes += [("Task Reminder", "message", f"{m}-{k} %", k) for k in ("TA", "TB")]
	for doctype, field, pattern, key in probes:
		for user in USERS:
			c = clients[user]
			r = c.call("frappe.client.get_count", doctype=doctype, filters=[[field, "like", pattern]])
			n = r.message if r.status == 200 else None
			readable = user != "guest" and world.can_read_task(user, key)
			if user == "guest":
				ok = denied(r, user)
			else:
				ok = r.status == 200 and ((n >= 1) if readable else n == 0)
			MATRIX.check(
				family,
				f"get_count {doctype} {field} like '{pattern}' as {user} ({world.relation(user, key)})",
				ok,
				f"{r.short()}",
			)
	for doctype in CHILD_DOCTYPES:
		rows = {name: key for key in ("TA", "TB") for name in world["child_rows"][key][doctype]}
		for user in USERS:
			c = clients[user]
			expected = sum(1 for k in rows.values() if user != "guest" and world.can_read_task(user, k))
			r = c.call("frappe.client.get_count", doctype=doctype, filters=[["name", "in", list(rows)]])
			# A child table counted on its own: its readable rows, or a refusal.
			ok = (
				denied(r, user)
				if user == "guest"
				else ((r.status == 200 and r.message == expected) or r.status == 403)
			)
			MATRIX.check(family, f"get_count {doctype} as {user}", ok, f"{r.short()} expected {expected}")
	MATRIX.assert_family(family)


def test_group_by_count(env):
	world, clients = env
	family = "group-by count"
	m = world.marker
	ours = [k for k in world.tasks]
	states = {"TWA": ASSIGNED, "TWB": ASSIGNED}
	assigned = {"TA": world.users["a"], "TB": world.users["b"]}
	cases = {
		"lead_agency": lambda keys: Counter(world["agencies"][world.tasks[k]["lead"]] for k in keys),
		"workflow_state": lambda keys: Counter(states.get(k, IN_PROGRESS) for k in keys),
		"owner": lambda keys: Counter("Administrator" for k in keys),
		"assigned_to": lambda keys: Counter(assigned[k] for k in keys if k in assigned),
	}
	for field, expect in cases.items():
		for user in USERS:
			c = clients[user]
			keys = [k for k in ours if user != "guest" and world.can_read_task(user, k)]
			r = c.call(
				"frappe.desk.listview.get_group_by_count",
				doctype="Directive Task",
				current_filters=[["Directive Task", "content", "like", f"{m}-%"]],
				field=field,
			)
			label = f"get_group_by_count Directive Task by {field} as {user}"
			if user == "guest":
				MATRIX.check(family, label, denied(r, user), r.short())
				continue
			got = {row["name"]: row["count"] for row in (r.message or [])} if r.status == 200 else None
			want = dict(expect(keys))
			MATRIX.check(family, label, got == want, f"{r.short()} got {got} expected {want}")
	for doctype, field in (
		("Progress Report", "task"),
		("Extension Request", "task"),
		("Task Reminder", "task"),
	):
		ours_docs = [(n, t) for dt, n, t in world.documents() if dt == doctype]
		for user in USERS:
			c = clients[user]
			r = c.call(
				"frappe.desk.listview.get_group_by_count",
				doctype=doctype,
				current_filters=[[doctype, "name", "in", [n for n, _ in ours_docs]]],
				field=field,
			)
			label = f"get_group_by_count {doctype} by {field} as {user}"
			if user == "guest":
				MATRIX.check(family, label, denied(r, user), r.short())
				continue
			got = {row["name"]: row["count"] for row in (r.message or [])} if r.status == 200 else None
			want = dict(
				Counter(world.task_name(t) for n, t in ours_docs if world.can_read(user, doctype, n, t))
			)
			MATRIX.check(family, label, got == want, f"{r.short()} got {got} expected {want}")
	MATRIX.assert_family(family)


def read_cells(world):
	docs = list(world.documents())
	docs += [("Agency", world["agencies"][k], None) for k in ("A", "B")]
	docs += [("Sector", world["sectors"]["S1"], None), ("Directive Digest", world["digest"], None)]
	docs += [("Directive Settings", "Directive Settings", None)]
	docs += [(doctype, name, None) for doctype, name in world["office_records"].items()]
	return docs


def test_read(env):
	world, clients = env
	family = "read"
	for doctype, name, task in read_cells(world):
		for user in USERS:
			c = clients[user]
			allowed = world.can_read(user, doctype, name, task)
			label = world.label(user, doctype, name, task)
			answers = [
				(
					"GET /api/resource",
					c.get(c.resource(doctype, name)),
					lambda r: (r.data or {}).get("name") == name,
				),
				(
					"frappe.client.get",
					c.call("frappe.client.get", "GET", doctype=doctype, name=name),
					lambda r: (r.message or {}).get("name") == name,
				),
				(
					"frappe.desk.form.load.getdoc",
					c.call("frappe.desk.form.load.getdoc", "GET", doctype=doctype, name=name),
					lambda r: any(d.get("name") == name for d in (r.json or {}).get("docs", [])),
				),
			]
			if doctype != "Directive Settings":
				answers.append(
					(
						"frappe.client.get_value",
						c.call(
							"frappe.client.get_value",
							"GET",
							doctype=doctype,
							fieldname=["name", "modified"],
							filters={"name": name},
						),
						lambda r: (r.message or {}).get("name") == name,
					)
				)
				answers.append(
					(
						"frappe.client.validate_link",
						c.call(
							"frappe.client.validate_link",
							"GET",
							doctype=doctype,
							docname=name,
							fields=["modified"],
						),
						lambda r: bool((r.message or {}).get("modified")),
					)
				)
			for verb, r, has_data in answers:
				if allowed:
					ok = r.status == 200 and has_data(r)
				else:
					ok = denied(r, user) or (
						r.status == 200
						and not has_data(r)
						and verb in ("frappe.client.get_value", "frappe.client.validate_link")
					)
				MATRIX.check(
					family,
					f"{verb} {label}",
					ok,
					f"{r.short()} (expected {'allowed' if allowed else 'refused'})",
				)
	# Child rows read on their own, with their parent named.
	for key in ("TA", "TB"):
		for doctype, names in world["child_rows"][key].items():
			for name in names:
				for user in USERS:
					c = clients[user]
					allowed = user != "guest" and world.can_read_task(user, key)
					label = f"{user} ({world.relation(user, key)}) {doctype} row of {key}"
					r = c.call(
						"frappe.client.get", "GET", doctype=doctype, name=name, parent="Directive Task"
					)
					ok = (
						(r.status == 200 and (r.message or {}).get("name") == name)
						if allowed
						else denied(r, user)
					)
					MATRIX.check(family, f"frappe.client.get {label}", ok, r.short())
					r = c.call(
						"frappe.client.get_value",
						"GET",
						doctype=doctype,
						fieldname="parent",
						filters={"name": name},
						parent="Directive Task",
					)
					ok = (
						(r.status == 200 and bool(r.message))
						if allowed
						else (denied(r, user) or (r.status == 200 and not r.message))
					)
					MATRIX.check(family, f"frappe.client.get_value {label}", ok, r.short())
	# Records about a hidden task are not readable one by one.
	for doctype in TASK_RECORD_DOCTYPES:
		for key in ("TA", "TB"):
			for name in world["records"][doctype][key]:
				for user in (*AGENCY_USERS, "guest"):
					if user != "guest" and world.can_read_task(user, key):
						continue
					c = clients[user]
					r = c.get(c.resource(doctype, name))
					MATRIX.check(
						family,
						f"GET /api/resource {doctype} about {key} as {user} ({world.relation(user, key)})",
						denied(r, user),
						r.short(),
					)
	MATRIX.assert_family(family)


def test_search(env):
	world, clients = env
	family = "search"
	m = world.marker
	for doctype, name, task in world.documents():
		if doctype == "Task Reminder":
			continue
		for user in USERS:
			c = clients[user]
			allowed = world.can_read(user, doctype, name, task)
			label = world.label(user, doctype, name, task)
			for verb, r in (
				(
					"search_link",
					c.call("frappe.desk.search.search_link", doctype=doctype, txt=name, page_length=50),
				),
				(
					"search_widget",
					c.call("frappe.desk.search.search_widget", doctype=doctype, txt=name, page_length=50),
				),
			):
				found = r.status == 200 and name in json.dumps(r.message or r.json)
				ok = (
					(r.status == 200 and found)
					if allowed
					else (denied(r, user) or (r.status == 200 and not found))
				)
				MATRIX.check(family, f"{verb} by name {label}", ok, r.short())
	for key in ("TA", "TA1", "TB"):
		name = world.task_name(key)
		for user in USERS:
			c = clients[user]
			allowed = user != "guest" and world.can_read_task(user, key)
			r = c.call(
				"frappe.desk.search.search_link", doctype="Directive Task", txt=f"{m}-{key} ", page_length=50
			)
			found = r.status == 200 and name in json.dumps(r.message)
			ok = (
				(r.status == 200 and found)
				if allowed
				else (denied(r, user) or (r.status == 200 and not found))
			)
			MATRIX.check(
				family, f"search_link by content {user} ({world.relation(user, key)}) {key}", ok, r.short()
			)
	MATRIX.assert_family(family)


def test_print_export(env):
	world, clients = env
	family = "print/export"
	m = world.marker
	for doctype, name, task in world.documents():
		if doctype not in ("Directive Task", "Progress Report", "Directive"):
			continue
		for user in USERS:
			c = clients[user]
			allowed = world.can_read(user, doctype, name, task)
			label = world.label(user, doctype, name, task)
			r = c.get("/printview", doctype=doctype, name=name, format="Standard")
			leaked = r.status == 200 and m in r.text
			ok = (r.status == 200 and leaked) if allowed else (not leaked and r.status < 500)
			MATRIX.check(
				family,
				f"/printview {label}",
				ok,
				f"HTTP {r.status}, content {'shown' if leaked else 'not shown'}",
			)
			r = c.get(
				"/api/method/frappe.utils.print_format.download_pdf",
				doctype=doctype,
				name=name,
				format="Standard",
			)
			if allowed:
				ok = r.status == 200 and r.raw is not None and r.raw.content.startswith(b"%PDF")
			else:
				ok = denied(r, user)
			MATRIX.check(family, f"download_pdf {label}", ok, r.short())
	for doctype in ("Directive", "Directive Task", "Progress Report", "Extension Request"):
		ours = [(n, t) for dt, n, t in world.documents() if dt == doctype]
		for user in USERS:
			c = clients[user]
			r = c.request(
				"POST",
				"/api/method/frappe.desk.reportview.export_query",
				data={
					"doctype": doctype,
					"file_format_type": "CSV",
					"fields": json.dumps([f"`tab{doctype}`.`name`"]),
					"filters": json.dumps([[doctype, "name", "in", [n for n, _ in ours]]]),
					"title": "export",
				},
			)
			shown = {n for n, _ in ours if r.status == 200 and n in r.text}
			expected = {n for n, t in ours if world.can_read(user, doctype, n, t)}
			ok = denied(r, user) if user == "guest" else (r.status == 200 and shown == expected)
			MATRIX.check(
				family,
				f"export_query {doctype} as {user}",
				ok,
				f"HTTP {r.status} hidden shown: {sorted(shown - expected)}, missing: {sorted(expected - shown)}",
			)
	MATRIX.assert_family(family)


def test_reports_charts_connections(env):
	world, clients = env
	family = "report/chart/connections"
	m = world.marker
	ours = {t["name"]: k for k, t in world.tasks.items()}
	for user in USERS:
		c = clients[user]
		readable = {n for n, k in ours.items() if user != "guest" and world.can_read_task(user, k)}
		for report, filters in (
			("Overdue Tasks", {}),
			("Task Statistics by Agency", {"agency_role": "Lead and Coordinator"}),
		):
			r = c.call(
				"frappe.desk.query_report.run", report_name=report, filters=filters, ignore_prepared_report=1
			)
			label = f"query_report.run {report} as {user}"
			if user == "guest":
				MATRIX.check(family, label, denied(r, user), r.short())
				continue
			text = json.dumps((r.message or {}).get("result", []), ensure_ascii=False)
			if report == "Overdue Tasks":
				shown = {n for n in ours if n in text}
				overdue_led = {world.task_name(k) for k in ("TA", "TB") if world.can_write_task(user, k)}
				ok = r.status == 200 and shown <= readable and overdue_led <= shown
				MATRIX.check(
					family,
					label,
					ok,
					f"{r.short()[:60]} hidden shown: {sorted(shown - readable)}, own missing: {sorted(overdue_led - shown)}",
				)
			else:
				agencies = {k for k, v in world["agencies"].items() if v in text}
				allowed = {a for a in world["agencies"] if user == "office" or a in USER_AGENCIES_OF(user)}
				ok = r.status == 200 and agencies <= allowed
				MATRIX.check(
					family,
					label,
					ok,
					f"{r.short()[:60]} agencies shown {sorted(agencies)}, allowed {sorted(allowed)}",
				)
		r = c.call(
			"frappe.desk.query_report.run",
			report_name="Task Statistics by Agency",
			filters={"agency": world["agencies"]["B"]},
			ignore_prepared_report=1,
		)
		if user in ("a", "ha", "a1", "c"):
			rows = [
				row
				for row in (r.message or {}).get("result", [])
				if isinstance(row, dict) and not row.get("is_total_row")
			]
			ok = r.status in (403, 417) or (r.status == 200 and not rows)
			MATRIX.check(
				family,
				f"Task Statistics by Agency filtered on B as {user}",
				ok,
				f"{r.short()[:80]} rows {len(rows)}",
			)
		# Dashboard charts given by the caller, on the tasks of this data set.
		filters = [["Directive Task", "content", "like", f"{m}-%", False]]
		charts = {
			"Count": {
				"chart_type": "Count",
				"type": "Line",
				"document_type": "Directive Task",
				"based_on": "creation",
				"timespan": "Last Year",
				"time_interval": "Monthly",
				"filters_json": json.dumps(filters),
			},
			"Group By": {
				"chart_type": "Group By",
				"type": "Bar",
				"document_type": "Directive Task",
				"group_by_type": "Count",
				"group_by_based_on": "lead_agency",
				"filters_json": json.dumps(filters),
			},
			"Heatmap": {
				"chart_type": "Count",
				"type": "Heatmap",
				"document_type": "Directive Task",
				"based_on": "creation",
				"filters_json": json.dumps(filters),
			},
		}
		for kind, chart in charts.items():
			r = c.call(
				"frappe.desk.doctype.dashboard_chart.dashboard_chart.get",
				chart={**chart, "name": f"{m}-{kind}"},
				no_cache=1,
			)
			label = f"dashboard_chart.get {kind} as {user}"
			if user == "guest":
				MATRIX.check(family, label, denied(r, user), r.short())
				continue
			msg = r.message or {}
			if kind == "Heatmap":
				total = sum((msg.get("dataPoints") or {}).values())
			else:
				total = sum(sum(d.get("values") or []) for d in msg.get("datasets") or [])
			ok = (r.status == 200 and total == len(readable)) or (r.status == 403 and not readable)
			MATRIX.check(family, label, ok, f"{r.short()[:60]} counted {total}, readable {len(readable)}")
		# Connections counts of a directive and of a task.
		for dkey in ("DA", "DB"):
			dname = world["directives"][dkey]
			allowed = world.can_read(user, "Directive", dname, None)
			r = c.call("frappe.desk.notifications.get_open_count", "GET", doctype="Directive", name=dname)
			label = f"get_open_count Directive {dkey} as {user}"
			if not allowed:
				MATRIX.check(family, label, denied(r, user), r.short())
				continue
			found = [
				x
				for x in (r.message or {}).get("count", {}).get("external_links_found", [])
				if x.get("doctype") == "Directive Task"
			]
			count = found[0].get("count") if found else None
			want = sum(1 for k in world.directive_tasks(dname) if world.can_read_task(user, k))
			MATRIX.check(
				family,
				label,
				r.status == 200 and count == want,
				f"{r.short()[:60]} count {count}, readable {want}",
			)
		for key in ("TA", "TB"):
			allowed = user != "guest" and world.can_read_task(user, key)
			r = c.call(
				"frappe.desk.notifications.get_open_count",
				"GET",
				doctype="Directive Task",
				name=world.task_name(key),
			)
			label = f"get_open_count Directive Task {key} as {user} ({world.relation(user, key)})"
			MATRIX.check(family, label, r.status == 200 if allowed else denied(r, user), r.short())
	# A chart's cached numbers are the office's: another user asking for the same chart must not get them.
	chart = {**charts["Group By"], "name": f"{m}-cached"}
	clients["office"].call("frappe.desk.doctype.dashboard_chart.dashboard_chart.get", chart=chart, refresh=1)
	for user in AGENCY_USERS:
		r = clients[user].call("frappe.desk.doctype.dashboard_chart.dashboard_chart.get", chart=chart)
		text = json.dumps(r.message or {}, ensure_ascii=False)
		# The chart groups by lead agency: a user may see the lead of every task it reads (a coordinator
		# sees the task's lead), no other.
		leads = {world.tasks[k]["lead"] for k in world.tasks if world.can_read_task(user, k)}
		hidden = [k for k, a in world["agencies"].items() if a in text and k not in leads]
		MATRIX.check(
			family,
			f"dashboard_chart.get cached office chart as {user}",
			r.status < 500 and not hidden,
			f"{r.short()[:60]} other agencies in it: {hidden}",
		)
	MATRIX.assert_family(family)


def USER_AGENCIES_OF(user):
	from isolation_cases import USER_AGENCIES

	return USER_AGENCIES.get(user, set())


def test_download_attachments(env):
	world, clients = env
	family = "download"
	for key, f in world["files"].items():
		task_key = key.split("_")[-1]
		for user in USERS:
			c = clients[user]
			allowed = user != "guest" and world.can_read_task(user, task_key)
			r = c.request("GET", f["file_url"])
			ok = (
				(r.status == 200 and world.marker in r.text)
				if allowed
				else (
					r.status in (401, 403, 404)
					or (r.status in (301, 302) and "login" in r.raw.headers.get("Location", ""))
				)
			)
			MATRIX.check(
				family,
				f"GET {f['file_url']} ({f['doctype']} of {task_key}) as {user} ({world.relation(user, task_key)})",
				ok,
				f"HTTP {r.status}",
			)
			r = c.get(c.resource("File", f["name"]))
			ok = (r.status == 200) if allowed else denied(r, user)
			MATRIX.check(
				family,
				f"GET /api/resource File {key} as {user} ({world.relation(user, task_key)})",
				ok if not allowed else r.status < 500,
				r.short(),
			)
	MATRIX.assert_family(family)


# --------------------------------------------------------------------------------------------------
# Changing
# --------------------------------------------------------------------------------------------------


def counts_of(clients, specs):
	"""Row counts read as Administrator (who sees every row) through the server."""
	return [
		clients["root"]
		.call("frappe.client.get_count", doctype=dt, filters=flt, parent=CHILD_PARENT.get(dt))
		.message
		for dt, flt in specs
	]


CHILD_PARENT = {doctype: "Directive Task" for doctype in CHILD_DOCTYPES}


def test_create(env):
	world, clients = env
	family = "create"
	m, ag = world.marker, world["agencies"]
	t = world.task_name
	today = "2026-01-01"

	def report(task_key, **extra):
		return {
			"task": t(task_key),
			"report_date": today,
			"progress": 25,
			"content": f"<p>{m} tạo mới</p>",
			**extra,
		}

	def extension(task_key):
		return {"task": t(task_key), "proposed_deadline": "2099-06-30", "reason": f"{m} gia hạn mới"}

	cases = [
		# doctype, body, users allowed (others refused)
		(
			"Directive",
			{
				"summary": f"{m} tạo trái phép",
				"source_type": "Official Document",
				"document_type": "Official Letter",
				"issue_date": today,
			},
			{"office"},
		),
		(
			"Directive Task",
			{
				"directive": world["directives"]["DA"],
				"content": f"{m} tạo trái phép",
				"lead_agency": ag["A"],
				"deadline": "2099-01-01",
			},
			{"office"},
		),
		(
			"Task Reminder",
			{
				"task": t("TA"),
				"lead_agency": ag["A"],
				"reminder_type": "Manual",
				"stage": "Manual",
				"level": "1",
				"reminder_date": today,
				"status": "Sent",
			},
			set(),
		),
		("Agency", {"agency_name": f"ISO X {m}", "agency_code": f"X-{m}"}, set()),
		("Sector", {"sector_name": f"ISO SX {m}"}, set()),
		("Directive Digest", {"digest_date": "2002-02-02"}, set()),
		("Progress Report", report("TA"), {"a", "ha", "office"}),
		("Progress Report", report("TA1"), {"a", "ha", "a1", "office"}),
		("Progress Report", report("TB"), {"b", "office"}),
		("Progress Report", report("TA", amended_from=world.docs["PR_TB_sub"]), set()),
		("Extension Request", extension("TA2"), {"a"}),
		("Extension Request", extension("TWB"), {"b"}),
	]
	for doctype, body, allowed_users in cases:
		for user in USERS:
			if doctype == "Extension Request" and user in ("office", "ha"):
				continue  # one open request per task: the cells of a and b make it
			c = clients[user]
			count_spec = [(doctype, {"creation": [">", "2000-01-01"]})]
			before = counts_of(clients, count_spec)
			r = c.request("POST", c.resource(doctype), json=body)
			after = counts_of(clients, count_spec)
			allowed = user in allowed_users
			label = f"POST /api/resource {doctype} {json.dumps({k: v for k, v in body.items() if k in ('task', 'lead_agency', 'amended_from')})} as {user}"
			if allowed:
				ok = r.status == 200 and after[0] == before[0] + 1
			else:
				ok = refused(r, user) and after == before
			MATRIX.check(family, label, ok, f"{r.short()} rows {before} -> {after}")
			if (
				r.status == 200
				and (r.data or {}).get("name")
				and doctype in ("Progress Report", "Extension Request")
			):
				clients["office"].request("DELETE", c.resource(doctype, r.data["name"]))
	# Directive Settings is a single: an agency user may not write it.
	for user in (*AGENCY_USERS, "guest"):
		c = clients[user]
		before = clients["office"].get(c.resource("Directive Settings", "Directive Settings")).data or {}
		r = c.request(
			"PUT", c.resource("Directive Settings", "Directive Settings"), json={"max_extensions": 99}
		)
		after = clients["office"].get(c.resource("Directive Settings", "Directive Settings")).data or {}
		MATRIX.check(
			family,
			f"PUT Directive Settings as {user}",
			refused(r, user) and after.get("max_extensions") == before.get("max_extensions"),
			r.short(),
		)
	MATRIX.assert_family(family)


def read_task(clients, name, fields):
	doc = clients["office"].get(clients["office"].resource("Directive Task", name)).data or {}
	out = {}
	for field in fields:
		value = doc.get(field)
		if isinstance(value, list):
			keep = {"agency", "report_date", "progress", "note", "old_deadline", "new_deadline", "reason"}
			value = [{k: v for k, v in row.items() if k in keep} for row in value]
		out[field] = value
	return out


def test_write_task(env, on_site):
	world, clients = env
	family = "write task"
	combos = [
		("a", "TA"),
		("a", "TA1"),
		("a", "TB"),
		("ha", "TB"),
		("a1", "TA"),
		("a1", "TA1"),
		("b", "TB"),
		("c", "TB"),
		("guest", "TA"),
	]
	fields = AGENCY_FIELDS + OFFICE_FIELDS + SYSTEM_FIELDS
	for user, key in combos:
		name = world.task_name(key)
		c = clients[user]
		baseline = read_task(clients, name, fields)
		for verb in ("PUT /api/resource", "frappe.client.set_value", "frappe.client.save"):
			changed_any = False
			for field in fields:
				value = forged_value(world.data, user, field, key)
				before = read_task(clients, name, [field])
				if verb == "PUT /api/resource":
					r = c.request("PUT", c.resource("Directive Task", name), json={field: value})
				elif verb == "frappe.client.set_value":
					r = c.call(
						"frappe.client.set_value",
						doctype="Directive Task",
						name=name,
						fieldname={field: value},
					)
				else:
					doc = clients["office"].get(c.resource("Directive Task", name)).data or {}
					doc[field] = value
					r = c.call("frappe.client.save", doc=doc)
				after = read_task(clients, name, [field])
				changed = after != before
				changed_any |= changed
				label = f"{verb} {field} of {key} as {user} ({world.relation(user, key)})"
				if field in AGENCY_FIELDS and world.can_write_task(user, key) and user != "guest":
					ok = r.status == 200 and changed
				elif not world.can_write_task(user, key) or user == "guest":
					ok = refused(r, user) and not changed
				else:
					ok = (r.status == 403 or r.status == 200) and not changed
				MATRIX.check(
					family, label, ok, f"{r.short()}; stored {'CHANGED' if changed else 'unchanged'}"
				)
			if changed_any:
				restore(on_site, [["Directive Task", name, baseline]])
	# The office changes office fields (to values the task does not hold yet).
	for field in ("priority", "state_reason", "tracking_officer", "sector", "deadline"):
		name = world.task_name("TZ")
		before = read_task(clients, name, [field])
		value = forged_value(world.data, "a" if field == "tracking_officer" else "office", field, "TZ")
		r = clients["office"].request(
			"PUT", clients["office"].resource("Directive Task", name), json={field: value}
		)
		after = read_task(clients, name, [field])
		MATRIX.check(family, f"PUT {field} of TZ as office", r.status == 200 and after != before, r.short())
	MATRIX.assert_family(family)


def test_workflow(env, on_site):
	world, clients = env
	family = "workflow"
	cases = [
		("b", "TWA", "Accept"),
		("c", "TWB", "Accept"),
		("a1", "TWA", "Accept"),
		("a", "TWB", "Refuse"),
		("guest", "TWA", "Accept"),
		("c", "TB", "Submit for Review"),
		("a", "TWA", "Accept"),
	]
	for user, key, action in cases:
		name = world.task_name(key)
		doc = clients["office"].get(clients["office"].resource("Directive Task", name)).data or {}
		before = doc.get("workflow_state")
		if action == "Refuse":
			doc["state_reason"] = "không thuộc chức năng"
		r = clients[user].call("frappe.model.workflow.apply_workflow", doc=doc, action=action)
		after = read_task(clients, name, ["workflow_state"])["workflow_state"]
		allowed = world.can_write_task(user, key) and user != "guest"
		label = f"apply_workflow {action} on {key} as {user} ({world.relation(user, key)})"
		ok = (r.status == 200 and after != before) if allowed else (refused(r, user) and after == before)
		MATRIX.check(family, label, ok, f"{r.short()}; state {before} -> {after}")
	MATRIX.assert_family(family)


def test_write_reports(env, on_site):
	world, clients = env
	family = "write report/request"
	d, t, m = world.docs, world.task_name, world.marker
	office = clients["office"]

	def stored(doctype, name, field):
		return (office.get(office.resource(doctype, name)).data or {}).get(field)

	cases = [
		# user, doctype, doc key, field, value, allowed
		("a", "Progress Report", "PR_TA_draft", "difficulties", f"{m} khó khăn", True),
		("a1", "Progress Report", "PR_TA_draft", "difficulties", f"{m} khó khăn", False),
		("a", "Progress Report", "PR_TB_draft", "difficulties", f"{m} khó khăn", False),
		("c", "Progress Report", "PR_TB_draft", "difficulties", f"{m} khó khăn", False),
		("b", "Progress Report", "PR_TB_draft", "difficulties", f"{m} khó khăn", True),
		("a", "Progress Report", "PR_TB_draft", "task", t("TA"), False),
		("a", "Progress Report", "PR_TA_draft", "task", t("TA2"), False),
		("b", "Progress Report", "PR_TB_draft", "task", t("TA"), False),
		("a", "Progress Report", "PR_TA_sub", "difficulties", f"{m} sửa sau khi nộp", False),
		("a", "Extension Request", "ER_TA_draft", "reason", f"{m} lý do mới", True),
		("a", "Extension Request", "ER_TB_draft", "reason", f"{m} lý do mới", False),
		("a", "Extension Request", "ER_TB_draft", "task", t("TA2"), False),
		("a", "Extension Request", "ER_TA_draft", "task", t("TA2"), False),
		("a", "Extension Request", "ER_TA_draft", "decision_note", f"{m} tự duyệt", False),
		("a", "Extension Request", "ER_TA_draft", "decided_by", world.users["a"], False),
		("a", "Extension Request", "ER_TA_draft", "current_deadline", "2099-01-01", False),
		("a1", "Extension Request", "ER_TA1_pending", "proposed_deadline", "2099-12-31", False),
		("a1", "Extension Request", "ER_TA1_pending", "reason", f"{m} đổi lý do", False),
		("a", "Extension Request", "ER_TA1_pending", "proposed_deadline", "2099-12-31", False),
		("a1", "Extension Request", "ER_TA1_pending", "decision_note", f"{m} tự duyệt", False),
	]
	for user, doctype, key, field, value, allowed in cases:
		name = d[key]
		c = clients[user]
		for verb in ("PUT /api/resource", "frappe.client.set_value"):
			before = stored(doctype, name, field)
			if allowed and verb != "PUT /api/resource":
				value = f"{value} ({verb})"  # a value the document does not hold yet
			if verb.startswith("PUT"):
				r = c.request("PUT", c.resource(doctype, name), json={field: value})
			else:
				r = c.call(
					"frappe.client.set_value", doctype=doctype, name=name, fieldname=field, value=value
				)
			after = stored(doctype, name, field)
			changed = after != before
			label = f"{verb} {field} of {key} as {user} ({world.relation(user, world.doc_task(key))})"
			if allowed:
				ok = r.status == 200 and changed
			elif world.can_write_task(user, world.doc_task(key)):
				ok = r.status in (200, 403, 417) and not changed
			else:
				ok = refused(r, user) and not changed
			MATRIX.check(family, label, ok, f"{r.short()}; stored {'CHANGED' if changed else 'unchanged'}")
			if changed and not allowed:
				restore(on_site, [[doctype, name, {field: before}]])
	MATRIX.assert_family(family)


def test_child_rows_write(env):
	world, clients = env
	family = "child rows"
	ag, t = world["agencies"], world.task_name
	rows = {
		"Task Coordinating Agency": lambda user: {"agency": ag["A"] if user != "a" else ag["A1"]},
		"Task Progress Entry": lambda user: {"report_date": "2026-01-01", "progress": 100, "note": "giả mạo"},
		"Task Deadline Change": lambda user: {
			"old_deadline": "2026-01-01",
			"new_deadline": "2099-01-01",
			"reason": "giả mạo",
		},
	}
	parentfield = {v: k for k, v in TABLE_FIELDS.items()}
	combos = [("c", "TB"), ("a", "TB"), ("c", "TA"), ("a1", "TA"), ("b", "TB"), ("a", "TA"), ("guest", "TB")]
	for doctype, make_row in rows.items():
		for user, key in combos:
			c = clients[user]
			name = t(key)
			row = {
				"doctype": doctype,
				"parent": name,
				"parenttype": "Directive Task",
				"parentfield": parentfield[doctype],
				**make_row(user),
			}
			if doctype == "Task Coordinating Agency" and user == "c":
				row["agency"] = ag["C"] if key == "TA" else ag["A"]
			existing = [
				row["name"]
				for row in clients["root"]
				.call(
					"frappe.client.get_list",
					doctype=doctype,
					parent="Directive Task",
					filters={"parent": name},
				)
				.message
				or []
			]
			spec = [(doctype, {"parent": name})]
			before_rows = counts_of(clients, spec)
			before = read_task(clients, name, [parentfield[doctype]])
			answers = [
				("frappe.client.insert", c.call("frappe.client.insert", doc=row)),
				("frappe.client.save", c.call("frappe.client.save", doc=row)),
			]
			if existing:
				answers.append(
					(
						"frappe.client.set_value",
						c.call(
							"frappe.client.set_value",
							doctype=doctype,
							name=existing[0],
							fieldname=next(iter(make_row(user))),
							value=next(iter(make_row(user).values())),
						),
					)
				)
				answers.append(
					(
						"frappe.client.save existing",
						c.call("frappe.client.save", doc={**row, "name": existing[0]}),
					)
				)
				answers.append(
					(
						"frappe.client.delete",
						c.call(
							"frappe.client.delete", doctype=doctype, name=existing[0], parent="Directive Task"
						),
					)
				)
			after_rows = counts_of(clients, spec)
			after = read_task(clients, name, [parentfield[doctype]])
			unchanged = before == after and before_rows == after_rows
			for verb, r in answers:
				label = f"{verb} {doctype} on {key} as {user} ({world.relation(user, key)})"
				if world.can_write_task(user, key) and user != "guest":
					ok = (
						r.status < 500 and r.status != 200
					) or unchanged  # an office field: refused or unchanged
					ok = ok and unchanged
				else:
					ok = refused(r, user) and unchanged
				MATRIX.check(
					family,
					label,
					ok,
					f"{r.short()}; rows {before_rows} -> {after_rows}, table {'unchanged' if before == after else 'CHANGED'}",
				)
	MATRIX.assert_family(family)


def test_delete_submit_cancel(env):
	world, clients = env
	family = "delete/submit/cancel"
	d, office = world.docs, clients["office"]
	targets = [
		("Directive", world["directives"]["DA"]),
		("Directive", world["directives"]["DB"]),
		("Directive Task", world.task_name("TA")),
		("Directive Task", world.task_name("TB")),
		("Task Reminder", d["REM_TA"]),
		("Agency", world["agencies"]["A1"]),
		("Sector", world["sectors"]["S1"]),
		("Directive Digest", world["digest"]),
		*world["office_records"].items(),
		("Progress Report", d["PR_TB_draft"]),
		("Extension Request", d["ER_TB_draft"]),
	]
	for doctype, name in targets:
		for user in (*AGENCY_USERS, "guest"):
			if doctype in ("Progress Report", "Extension Request") and user == "b":
				continue  # b may delete B's drafts: not tried here, the rows are needed
			c = clients[user]
			for verb, call in (
				("DELETE /api/resource", lambda: c.request("DELETE", c.resource(doctype, name))),
				("frappe.client.delete", lambda: c.call("frappe.client.delete", doctype=doctype, name=name)),
			):
				r = call()
				exists = office.get(office.resource(doctype, name)).status == 200
				MATRIX.check(
					family,
					f"{verb} {doctype} {name} as {user}",
					refused(r, user) and exists,
					f"{r.short()}; {'kept' if exists else 'DELETED'}",
				)
	# Submit and cancel.
	for doctype, key in (
		("Directive Task", "TA"),
		("Directive", "DA"),
		("Progress Report", "PR_TB_draft"),
		("Extension Request", "ER_TA_draft"),
		("Extension Request", "ER_TB_draft"),
	):
		name = (
			world.task_name(key)
			if doctype == "Directive Task"
			else world["directives"][key]
			if doctype == "Directive"
			else d[key]
		)
		for user in ("a", "c", "b", "guest"):
			if doctype == "Progress Report" and user == "b":
				continue
			c = clients[user]
			doc = office.get(office.resource(doctype, name)).data or {}
			r = c.call("frappe.client.submit", doc=doc)
			after = (office.get(office.resource(doctype, name)).data or {}).get("docstatus")
			MATRIX.check(
				family,
				f"frappe.client.submit {doctype} {key} as {user}",
				refused(r, user) and after == doc.get("docstatus"),
				f"{r.short()}; docstatus {doc.get('docstatus')} -> {after}",
			)
	for doctype, key in (
		("Progress Report", "PR_TA_sub"),
		("Progress Report", "PR_TB_sub"),
		("Extension Request", "ER_TB_approved"),
		("Directive Task", "TA"),
	):
		name = world.task_name(key) if doctype == "Directive Task" else d[key]
		for user in (*AGENCY_USERS, "guest"):
			c = clients[user]
			r = c.call("frappe.client.cancel", doctype=doctype, name=name)
			after = (office.get(office.resource(doctype, name)).data or {}).get("docstatus")
			want = 0 if doctype == "Directive Task" else 1
			MATRIX.check(
				family,
				f"frappe.client.cancel {doctype} {key} as {user}",
				refused(r, user) and after == want,
				f"{r.short()}; docstatus {after}",
			)
	# An agency submits its own draft report (a fresh one, progress kept).
	c = clients["a"]
	progress = read_task(clients, world.task_name("TA2"), ["progress"])["progress"] or 0
	made = c.request(
		"POST",
		c.resource("Progress Report"),
		json={
			"task": world.task_name("TA2"),
			"report_date": "2026-01-01",
			"progress": max(progress, 5),
			"content": "<p>nộp</p>",
		},
	)
	if made.status == 200:
		r = c.call("frappe.client.submit", doc=made.data)
		after = (office.get(office.resource("Progress Report", made.data["name"])).data or {}).get(
			"docstatus"
		)
		MATRIX.check(
			family,
			"frappe.client.submit own draft Progress Report of TA2 as a",
			r.status == 200 and after == 1,
			r.short(),
		)
		r = c.call("frappe.client.cancel", doctype="Progress Report", name=made.data["name"])
		MATRIX.check(
			family, "frappe.client.cancel own Progress Report of TA2 as a", refused(r, "a"), r.short()
		)
	else:
		MATRIX.check(family, "POST own Progress Report of TA2 as a", False, made.short())
	MATRIX.assert_family(family)


def test_attach_and_files(env):
	world, clients = env
	family = "attach"
	d, t = world.docs, world.task_name
	targets = [
		("Directive Task", "TB"),
		("Progress Report", "PR_TB_sub"),
		("Progress Report", "PR_TB_draft"),
		("Directive Task", "TA"),
		("Progress Report", "PR_TA_draft"),
		("Directive", "DB"),
	]
	for doctype, key in targets:
		name = (
			t(key)
			if doctype == "Directive Task"
			else world["directives"][key]
			if doctype == "Directive"
			else d[key]
		)
		task_key = key if doctype == "Directive Task" else key.split("_")[1] if "_" in key else None
		for user in USERS:
			c = clients[user]
			spec = [("File", {"attached_to_doctype": doctype, "attached_to_name": name})]
			before = counts_of(clients, spec)
			r = c.request(
				"POST",
				"/api/method/upload_file",
				data={"doctype": doctype, "docname": name, "is_private": 1},
				files={"file": (f"{world.marker.lower()}-{user}.txt", b"attack")},
			)
			after = counts_of(clients, spec)
			if doctype == "Directive":
				writable = user == "office"
			elif key == "PR_TB_sub":
				writable = user == "office"
			else:
				writable = world.can_write_task(user, task_key) and user != "guest"
			label = f"upload_file to {doctype} {key} as {user}"
			if writable and key == "PR_TA_draft":
				ok = r.status == 200 and after[0] == before[0] + 1
			elif writable:
				ok = r.status < 500
			else:
				ok = refused(r, user) and after == before
			MATRIX.check(family, label, ok, f"{r.short()}; files {before} -> {after}")
	# A second File row pointing at another agency's private file.
	for key, f in world["files"].items():
		task_key = key.split("_")[-1]
		for user in AGENCY_USERS:
			if world.can_read_task(user, task_key):
				continue
			c = clients[user]
			spec = [("File", {"file_url": f["file_url"]})]
			before = counts_of(clients, spec)
			own_task = t("TA") if user in ("a", "ha") else t("TA1") if user == "a1" else t("TB")
			r = c.request(
				"POST",
				c.resource("File"),
				json={
					"file_url": f["file_url"],
					"file_name": "x.txt",
					"is_private": 1,
					"attached_to_doctype": "Directive Task",
					"attached_to_name": own_task,
				},
			)
			after = counts_of(clients, spec)
			MATRIX.check(
				family,
				f"POST File with the URL of {key} as {user} ({world.relation(user, task_key)})",
				r.status == 403 and after == before,
				f"{r.short()}; rows {before} -> {after}",
			)
			r = c.request("GET", f["file_url"])
			MATRIX.check(
				family,
				f"GET {key} after the forged row as {user}",
				r.status in (403, 404),
				f"HTTP {r.status}",
			)
	MATRIX.assert_family(family)


def test_email_assign_comment(env):
	world, clients = env
	family = "email/assign/comment"
	for doctype, name, task in world.documents():
		if doctype not in ("Directive Task", "Progress Report", "Directive"):
			continue
		for user in USERS:
			c = clients[user]
			readable = world.can_read(user, doctype, name, task)
			label = world.label(user, doctype, name, task)
			spec = [("Communication", {"reference_doctype": doctype, "reference_name": name})]
			before = counts_of(clients, spec)
			r = c.call(
				"frappe.core.doctype.communication.email.make",
				doctype=doctype,
				name=name,
				content="thư giả",
				subject="thư",
				recipients="outsider@evil.test",
				send_email=0,
			)
			after = counts_of(clients, spec)
			if user == "office":
				ok = r.status == 200
			else:
				ok = refused(r, user) and after == before
			MATRIX.check(
				family, f"email.make {label}", ok, f"{r.short()}; communications {before} -> {after}"
			)
			spec = [("ToDo", {"reference_type": doctype, "reference_name": name})]
			before = counts_of(clients, spec)
			r = c.call(
				"frappe.desk.form.assign_to.add",
				doctype=doctype,
				name=name,
				assign_to=[world.users.get(user, world.users["a"])],
				description="giao",
			)
			r2 = c.request(
				"POST",
				c.resource("ToDo"),
				json={
					"reference_type": doctype,
					"reference_name": name,
					"allocated_to": world.users.get(user, world.users["a"]),
					"description": "giao",
				},
			)
			after = counts_of(clients, spec)
			if readable:
				MATRIX.check(family, f"assign_to.add {label}", r.status < 500, r.short())
				MATRIX.check(family, f"POST ToDo {label}", r2.status < 500, r2.short())
			else:
				MATRIX.check(family, f"assign_to.add {label}", refused(r, user), r.short())
				MATRIX.check(
					family,
					f"POST ToDo {label}",
					refused(r2, user) and after == before,
					f"{r2.short()}; todos {before} -> {after}",
				)
			spec = [("Comment", {"reference_doctype": doctype, "reference_name": name})]
			before = counts_of(clients, spec)
			r = c.call(
				"frappe.desk.form.utils.add_comment",
				reference_doctype=doctype,
				reference_name=name,
				content="bình luận",
				comment_email=world.users.get(user, "guest@example.com"),
				comment_by="x",
			)
			r2 = c.request(
				"POST",
				c.resource("Comment"),
				json={
					"comment_type": "Comment",
					"reference_doctype": doctype,
					"reference_name": name,
					"content": "bình luận",
				},
			)
			after = counts_of(clients, spec)
			MATRIX.check(
				family, f"add_comment {label}", r.status == 200 if readable else refused(r, user), r.short()
			)
			if not readable:
				MATRIX.check(
					family,
					f"POST Comment {label}",
					refused(r2, user) and after == before,
					f"{r2.short()}; comments {before} -> {after}",
				)
	MATRIX.assert_family(family)


def test_no_server_error(env):
	"""Every response of the suite so far was below 500."""
	MATRIX.check("server errors", "no 5xx", not SERVER_ERRORS, f"{len(SERVER_ERRORS)} responses of 5xx")
	assert not SERVER_ERRORS, f"{len(SERVER_ERRORS)} responses 5xx:\n" + "\n".join(SERVER_ERRORS[:80])
