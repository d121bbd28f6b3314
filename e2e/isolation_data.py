"""The data set of the isolation attack suite, built on the site through conftest's `on_site`.

`build(marker)` runs inside the site's Python (a child process of the tests, as Administrator): three
agencies A (with a sub-unit A1), B and C, their users, two directives with their tasks, reports, extension
requests, reminders, private files and the records about a task (comment, communication, version,
assignment, notification). Every name carries `marker`, fresh for each test session, so that reruns on
the same site never meet the records of an earlier run. It returns (prints as JSON) what the tests need.

`snapshot(spec)` also runs on the site: the stored values and row counts the tests compare before and
after an attack.
"""

import json
from pathlib import Path

from chidao_dieuhanh.task_states import ASSIGN, ASSIGNED, IN_PROGRESS

PASSWORD = "Iso@Attack-2026"
HERE = Path(__file__).resolve().parent


def site_code(call: str) -> str:
	"""Python for `on_site` that imports this module on the site's side and prints `call` as JSON."""
	return (
		f"import sys, json\nsys.path.insert(0, {str(HERE)!r})\nimport isolation_data\n"
		f"print(json.dumps(isolation_data.{call}, default=str))"
	)


def build(marker: str) -> dict:
	import frappe
	from frappe.desk.form.assign_to import add as assign
	from frappe.model.workflow import apply_workflow
	from frappe.utils import add_days, today
	from frappe.utils.password import update_password

	frappe.flags.mute_emails = True
	low = marker.lower()

	def user(key: str, *roles: str) -> str:
		email = f"iso.{key}.{low}@iso-attack.test"
		frappe.flags.in_import = True  # Frappe throttles the creation of users (60 an hour) otherwise
		doc = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": f"ISO {key.upper()} {marker}",
				"send_welcome_email": 0,
				"user_type": "System User",
				"language": "vi",
				"enabled": 1,  # defaults are not set in an import
			}
		).insert(ignore_permissions=True)
		frappe.flags.in_import = False
		doc.add_roles(*roles)
		update_password(email, PASSWORD)
		return email

	users = {
		"a": user("a", "Agency Focal Point"),
		"ha": user("ha", "Agency Head"),
		"a1": user("a1", "Agency Focal Point"),
		"b": user("b", "Agency Focal Point"),
		"c": user("c", "Agency Focal Point"),
		"office": user("office", "Tracking Officer"),
	}

	def agency(key: str, parent: str | None, users_=(), head=None, is_group=0) -> str:
		name = f"ISO {key} {marker}"
		frappe.get_doc(
			{
				"doctype": "Agency",
				"agency_name": name,
				"agency_code": f"ISO-{key}-{marker}",
				"agency_type": "Provincial Department or Board",
				"parent_agency": parent,
				"is_group": is_group,
				"head_user": head,
				"users": [{"user": u} for u in users_],
			}
		).insert(ignore_permissions=True)
		return name

	agencies = {}
	agencies["A"] = agency("A", None, [users["a"]], head=users["ha"], is_group=1)
	agencies["A1"] = agency("A1", agencies["A"], [users["a1"]])
	agencies["B"] = agency("B", None, [users["b"]])
	agencies["C"] = agency("C", None, [users["c"]])
	agencies["D"] = agency("D", None)  # nobody's: a second lead for the office's own tasks

	sectors = {}
	for key in ("S1", "S2"):
		sectors[key] = (
			frappe.get_doc(
				{"doctype": "Sector", "sector_name": f"ISO {key} {marker}", "sector_code": f"{key}{marker}"}
			)
			.insert(ignore_permissions=True)
			.name
		)

	def directive(key: str) -> str:
		return (
			frappe.get_doc(
				{
					"doctype": "Directive",
					"summary": f"{marker}-{key} trích yếu",
					"source_type": "Official Document",
					"document_number": f"{key}/{marker}",
					"document_type": "Official Letter",
					"issue_date": add_days(today(), -60),
					"sector": sectors["S1"],
					"tracking_officer": users["office"],
					"directing_leader": users["office"],
				}
			)
			.insert(ignore_permissions=True)
			.name
		)

	directives = {key: directive(key) for key in ("DA", "DB", "DZ")}

	paths = {
		ASSIGNED: [ASSIGN],
		IN_PROGRESS: [ASSIGN, "Accept"],
	}

	def task(key, directive_key, lead, deadline_days, coordinators=(), state=IN_PROGRESS) -> str:
		doc = frappe.get_doc(
			{
				"doctype": "Directive Task",
				"directive": directives[directive_key],
				"content": f"{marker}-{key} nội dung nhiệm vụ",
				"lead_agency": agencies[lead],
				"deadline": add_days(today(), deadline_days),
				"coordinating_agencies": [{"agency": agencies[c]} for c in coordinators],
				"priority": "Normal",
			}
		).insert(ignore_permissions=True)
		for action in paths[state]:
			doc = apply_workflow(doc, action)
		return doc.name

	tasks = {
		"TA": task("TA", "DA", "A", -5),
		"TA1": task("TA1", "DA", "A1", 30),
		"TA2": task("TA2", "DA", "A", 30),
		"TWA": task("TWA", "DA", "A", 30, state=ASSIGNED),
		"TB": task("TB", "DB", "B", -10, coordinators=["C"]),
		"TWB": task("TWB", "DB", "B", 30, coordinators=["C"], state=ASSIGNED),
		"TZ": task("TZ", "DZ", "D", 30),
	}
	task_meta = {
		"TA": ("DA", "A", []),
		"TA1": ("DA", "A1", []),
		"TA2": ("DA", "A", []),
		"TWA": ("DA", "A", []),
		"TB": ("DB", "B", ["C"]),
		"TWB": ("DB", "B", ["C"]),
		"TZ": ("DZ", "D", []),
	}

	def report(task_key: str, progress: int, submit: bool) -> str:
		doc = frappe.get_doc(
			{
				"doctype": "Progress Report",
				"task": tasks[task_key],
				"report_date": today(),
				"progress": progress,
				"content": f"<p>{marker}-{task_key} báo cáo {progress}%</p>",
			}
		).insert(ignore_permissions=True)
		if submit:
			doc.submit()
		return doc.name

	def extension(task_key: str, days: int, actions=()) -> str:
		doc = frappe.get_doc(
			{
				"doctype": "Extension Request",
				"task": tasks[task_key],
				"proposed_deadline": add_days(today(), days),
				"reason": f"{marker}-{task_key} lý do gia hạn",
			}
		).insert(ignore_permissions=True)
		for action in actions:
			doc = apply_workflow(doc, action)
		return doc.name

	docs = {}
	docs["PR_TA_sub"] = report("TA", 20, True)
	docs["PR_TA_draft"] = report("TA", 30, False)
	docs["PR_TB_sub"] = report("TB", 20, True)
	docs["PR_TB_draft"] = report("TB", 30, False)
	docs["ER_TB_approved"] = extension("TB", -3, ["Request", "Approve"])
	docs["ER_TB_draft"] = extension("TB", 10)
	docs["ER_TA_draft"] = extension("TA", 10)
	docs["ER_TA1_pending"] = extension("TA1", 60, ["Request"])

	for key in ("TA", "TB"):
		docs[f"REM_{key}"] = (
			frappe.get_doc(
				{
					"doctype": "Task Reminder",
					"task": tasks[key],
					"lead_agency": frappe.db.get_value("Directive Task", tasks[key], "lead_agency"),
					"reminder_type": "Manual",
					"stage": "Manual",
					"level": "1",
					"reminder_date": today(),
					"status": "Sent",
					"message": f"{marker}-{key} đôn đốc",
				}
			)
			.insert(ignore_permissions=True)
			.name
		)

	def private_file(key: str, doctype: str, name: str) -> dict:
		doc = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"{low}-{key.lower()}.txt",
				"content": f"{marker} {key} tài liệu mật".encode(),
				"is_private": 1,
				"attached_to_doctype": doctype,
				"attached_to_name": name,
			}
		).insert(ignore_permissions=True)
		return {"name": doc.name, "file_url": doc.file_url, "doctype": doctype, "docname": name}

	files = {
		"F_TB": private_file("F_TB", "Directive Task", tasks["TB"]),
		"F_PR_TB": private_file("F_PR_TB", "Progress Report", docs["PR_TB_sub"]),
		"F_TA": private_file("F_TA", "Directive Task", tasks["TA"]),
		"F_PR_TA": private_file("F_PR_TA", "Progress Report", docs["PR_TA_sub"]),
	}

	# Records about the tasks: assignments (ToDo), a comment, a communication, a notification, versions.
	assign({"doctype": "Directive Task", "name": tasks["TB"], "assign_to": [users["b"]]})
	assign({"doctype": "Directive Task", "name": tasks["TA"], "assign_to": [users["a"]]})
	task_b = frappe.get_doc("Directive Task", tasks["TB"])
	task_b.add_comment("Comment", f"{marker}-TB bình luận nội bộ")
	frappe.get_doc(
		{
			"doctype": "Communication",
			"communication_type": "Communication",
			"communication_medium": "Email",
			"sent_or_received": "Sent",
			"subject": f"{marker}-TB thư",
			"content": f"{marker}-TB nội dung thư",
			"reference_doctype": "Directive Task",
			"reference_name": tasks["TB"],
		}
	).insert(ignore_permissions=True)
	frappe.get_doc(
		{
			"doctype": "Notification Log",
			"subject": f"{marker}-TB thông báo",
			"for_user": users["b"],
			"type": "Alert",
			"document_type": "Directive Task",
			"document_name": tasks["TB"],
		}
	).insert(ignore_permissions=True)
	task_b.db_set("priority", "High")  # no Version from db_set: save once more through the document
	task_b = frappe.get_doc("Directive Task", tasks["TB"])
	task_b.priority = "Normal"
	task_b.flags.ignore_permissions = True
	task_b.save()

	digest = frappe.get_doc(
		{"doctype": "Directive Digest", "digest_date": add_days("2001-01-01", int(marker[-4:], 16) % 9000)}
	).insert(ignore_permissions=True)
	# The office's own records of issue 11: a status message about A's directive, a signed report.
	status_message = frappe.get_doc(
		{
			"doctype": "edXML Status Message",
			"directive": directives["DA"],
			"status_code": "03",
			"description": f"{marker} tiếp nhận",
			"event_key": f"isolation-{marker}",
		}
	).insert(ignore_permissions=True)
	signed_report = frappe.get_doc(
		{"doctype": "Signed Report", "report": "Task Statistics by Agency", "period": marker}
	)
	signed_report.flags.made_by_signing = True
	signed_report.insert(ignore_permissions=True)

	records = {}
	for doctype, field_dt, field_name in (
		("Comment", "reference_doctype", "reference_name"),
		("Communication", "reference_doctype", "reference_name"),
		("Version", "ref_doctype", "docname"),
		("ToDo", "reference_type", "reference_name"),
		("Notification Log", "document_type", "document_name"),
		("File", "attached_to_doctype", "attached_to_name"),
	):
		records[doctype] = {
			key: frappe.get_all(
				doctype, filters={field_dt: "Directive Task", field_name: tasks[key]}, pluck="name"
			)
			for key in ("TA", "TB")
		}

	child_rows = {}
	for key in ("TA", "TB"):
		child_rows[key] = {
			doctype: frappe.get_all(
				doctype, filters={"parent": tasks[key], "parenttype": "Directive Task"}, pluck="name"
			)
			for doctype in ("Task Coordinating Agency", "Task Progress Entry", "Task Deadline Change")
		}

	frappe.db.commit()
	return {
		"marker": marker,
		"users": users,
		"agencies": agencies,
		"sectors": sectors,
		"directives": directives,
		"tasks": {
			key: {"name": tasks[key], "directive": m[0], "lead": m[1], "coordinators": m[2]}
			for key, m in task_meta.items()
		},
		"docs": docs,
		"files": files,
		"records": records,
		"child_rows": child_rows,
		"digest": digest.name,
		"office_records": {"edXML Status Message": status_message.name, "Signed Report": signed_report.name},
	}


def snapshot(spec: dict) -> dict:
	"""spec: {"docs": [[doctype, name, [fields]]], "counts": [[doctype, filters]]} -> stored values."""
	import frappe

	out = {"docs": [], "counts": []}
	for doctype, name, fields in spec.get("docs", []):
		if not frappe.db.exists(doctype, name):
			out["docs"].append(None)
			continue
		doc = frappe.get_doc(doctype, name)
		values = {}
		for field in fields:
			value = doc.get(field)
			if isinstance(value, list):
				value = [row.as_dict(no_default_fields=True) for row in value]
				value = [{k: v for k, v in row.items() if k not in ("name", "idx")} for row in value]
			values[field] = value
		out["docs"].append(json.loads(json.dumps(values, default=str)))
	for doctype, filters in spec.get("counts", []):
		out["counts"].append(frappe.db.count(doctype, filters))
	return out


def restore(values: list) -> None:
	"""values: [[doctype, name, {field: value}]]: puts stored values back after an attack that changed them."""
	import frappe

	for doctype, name, fields in values:
		doc = frappe.get_doc(doctype, name)
		for field, value in fields.items():
			if isinstance(value, list):
				frappe.db.delete(doc.meta.get_field(field).options, {"parent": name, "parentfield": field})
				doc.set(field, [])
				for row in value:
					doc.append(field, row).db_insert()
			else:
				frappe.db.set_value(doctype, name, field, value, update_modified=False)
	frappe.db.commit()
