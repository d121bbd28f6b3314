"""Which agencies see which task: one row per (task, agency), its lead agency and each coordinating agency
(doctype Directive Task Agency), indexed by (agency, task).

An agency user's lists and counts read this table (`permissions.task_condition`): MariaDB walks the index
for the user's agencies instead of testing every task's lead and coordinators. The rows are the system's:
nobody but a System Manager reads them, nobody writes them; they follow the task
- on every save of a task (`sync`, from the task's after_insert and on_update: before Frappe's own
  notifications of the same save judge who may read the task), so Data Import, the desk, REST and the
  workflow keep them right;
- on its deletion (`delete_task`);
- and, for SQL that inserts or changes tasks' lead or coordinating agencies in bulk (a migration, a
  benchmark's generator), by `rebuild(tasks)` afterwards; the patch `fill_task_agencies` fills them once
  for the tasks an older site already has. Tasks deleted by SQL take their rows with them in the same
  way: an agency user's count without a filter reads these rows alone (`permissions.agency_task_count`).
"""

import hashlib

import frappe

DOCTYPE = "Directive Task Agency"
TABLE = "`tabDirective Task Agency`"
FIELDS = (
	"name",
	"creation",
	"modified",
	"owner",
	"modified_by",
	"docstatus",
	"idx",
	"task",
	"agency",
	"is_lead",
)
CHUNK = 1000


def pair_name(task: str, agency: str) -> str:
	"""The row's name: the same pair always has the same name (the SQL of `rebuild` computes it alike)."""
	return hashlib.md5(f"{task}|{agency}".encode()).hexdigest()


def task_pairs(doc) -> list[tuple[str, int]]:
	"""(agency, is_lead) of a task document: its lead agency, then its coordinating agencies."""
	pairs = {}
	if doc.get("lead_agency"):
		pairs[doc.lead_agency] = 1
	for row in doc.get("coordinating_agencies") or []:
		if row.agency and row.agency not in pairs:
			pairs[row.agency] = 0
	return sorted(pairs.items())


def sync(doc, method=None) -> None:
	"""Makes the task's rows those of the saved document (nothing written when they already are)."""
	wanted = task_pairs(doc)
	stored = frappe.db.sql(f"select agency, is_lead from {TABLE} where task = %s", doc.name)
	if sorted((agency, int(is_lead)) for agency, is_lead in stored) == wanted:
		return
	delete_task(doc)
	if wanted:
		now = frappe.utils.now()
		user = frappe.session.user
		frappe.db.bulk_insert(
			DOCTYPE,
			FIELDS,
			[
				(pair_name(doc.name, agency), now, now, user, user, 0, 0, doc.name, agency, is_lead)
				for agency, is_lead in wanted
			],
			ignore_duplicates=True,
		)


def delete_task(doc, method=None) -> None:
	frappe.db.delete(DOCTYPE, {"task": doc.name})


def rebuild(tasks: list[str] | None = None) -> None:
	"""Recomputes the rows of `tasks` (every task when None) from the tasks' lead and coordinating agencies,
	in set-based SQL: for code that writes tasks without saving them as documents."""
	if tasks is None:
		frappe.db.sql(f"delete from {TABLE}")
		_insert_pairs("", {})
		return
	tasks = list(dict.fromkeys(tasks))
	for start in range(0, len(tasks), CHUNK):
		chunk = tasks[start : start + CHUNK]
		frappe.db.sql(f"delete from {TABLE} where task in %(tasks)s", {"tasks": chunk})
		_insert_pairs("and t.name in %(tasks)s", {"tasks": chunk})


def _insert_pairs(task_filter: str, values: dict) -> None:
	values = {**values, "now": frappe.utils.now(), "user": frappe.session.user or "Administrator"}
	columns = ", ".join(f"`{f}`" for f in FIELDS)
	frappe.db.sql(
		f"""insert ignore into {TABLE} ({columns})
		select md5(concat(t.name, '|', t.lead_agency)), %(now)s, %(now)s, %(user)s, %(user)s, 0, 0,
			t.name, t.lead_agency, 1
		from `tabDirective Task` t
		where ifnull(t.lead_agency, '') != '' {task_filter}""",
		values,
	)
	frappe.db.sql(
		f"""insert ignore into {TABLE} ({columns})
		select md5(concat(t.name, '|', c.agency)), %(now)s, %(now)s, %(user)s, %(user)s, 0, 0,
			t.name, c.agency, 0
		from `tabTask Coordinating Agency` c
		join `tabDirective Task` t on t.name = c.parent
		where c.parenttype = 'Directive Task' and ifnull(c.agency, '') != ''
			and c.agency != ifnull(t.lead_agency, '') {task_filter}""",
		values,
	)
