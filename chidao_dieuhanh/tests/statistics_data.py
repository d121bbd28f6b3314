"""A small province whose every statistic is known, for the report tests.

Dates are relative to today (T). Tasks, their lead (coordinators) and the deadline status they end with:

	t1   A       (B)       deadline T+30, in progress                      On Track
	t2   A                 deadline T+1, assigned                          Due Soon
	t3   A                 deadline T-5, assigned                          Overdue
	t4   A                 deadline T, completed today (deadline day)      Completed On Time
	t5   A                 deadline T-2, completed today                   Completed Late
	t6   A                 deadline T-3 extended to T+10, completed today  Completed On Time
	t7   A Unit            deadline T+20, assigned then cancelled          Cancelled
	t8   B                 no deadline, in progress                        No Deadline
	t9   A                 deadline T+5, draft (not given: never counted)
	t10  B       (A Unit)  deadline T-1, in progress                       Overdue
	t11  B       (A)       deadline T-15, completed today                  Completed Late

Directive D1 (leader 1, sector 1, official document) gives t1, t2, t3, t6, t9, t10, t11; directive D2
(leader 2, sector 2, meeting conclusion) gives t4, t5, t7, t8. All given tasks are assigned today.
"""

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, getdate, today

from chidao_dieuhanh.task_states import ASSIGNED, DRAFT, IN_PROGRESS
from chidao_dieuhanh.tests.factories import (
	Province,
	ProvinceTestCase,
	make_agency,
	make_directive,
	make_task,
	make_user,
)


class StatisticsProvince:
	group = "Stats Province Agencies"
	agency_a = "Stats Agency A"
	agency_a_unit = "Stats Agency A Unit"
	agency_b = "Stats Agency B"
	focal_a = "focal.a@stats.chidao.vn"
	focal_b = "focal.b@stats.chidao.vn"
	leader_1 = "leader1@stats.chidao.vn"
	leader_2 = "leader2@stats.chidao.vn"
	sector_1 = "Stats Sector One"
	sector_2 = "Stats Sector Two"

	@classmethod
	def build(cls):
		"""Builds the masters and the eleven tasks; returns {"t1": task name, ...}."""
		Province.build()
		make_user(cls.focal_a, "Agency Focal Point")
		make_user(cls.focal_b, "Agency Focal Point")
		make_user(cls.leader_1, "Leader")
		make_user(cls.leader_2, "Leader")
		make_agency(cls.group, is_group=1)
		make_agency(cls.agency_a, parent=cls.group, users=[cls.focal_a], is_group=1)
		make_agency(cls.agency_a_unit, parent=cls.agency_a)
		make_agency(cls.agency_b, parent=cls.group, users=[cls.focal_b])
		for sector in (cls.sector_1, cls.sector_2):
			if not frappe.db.exists("Sector", sector):
				frappe.get_doc({"doctype": "Sector", "sector_name": sector}).insert(ignore_permissions=True)
		cls.remove_tasks()
		set_ranking_settings()
		frappe.db.set_single_value("Directive Settings", "due_soon_days", 3)

		d1 = make_directive(
			issue_date=add_days(today(), -30),
			directing_leader=cls.leader_1,
			sector=cls.sector_1,
			source_type="Official Document",
		)
		d2 = make_directive(
			issue_date=add_days(today(), -30),
			directing_leader=cls.leader_2,
			sector=cls.sector_2,
			source_type="Meeting Conclusion",
		)
		a, unit, b = cls.agency_a, cls.agency_a_unit, cls.agency_b
		tasks = {
			"t1": make_task(d1, a, days(30), coordinators=[b], state=IN_PROGRESS),
			"t2": make_task(d1, a, days(1), state=ASSIGNED),
			"t3": make_task(d1, a, days(-5), state=ASSIGNED),
			"t4": make_task(d2, a, days(0), state="Completed"),
			"t5": make_task(d2, a, days(-2), state="Completed"),
			"t6": extended_then_completed(d1, a, days(-3), days(10)),
			"t7": assigned_then_cancelled(d2, unit, days(20)),
			"t8": make_task(d2, b, None, no_deadline=1, state=IN_PROGRESS),
			"t9": make_task(d1, a, days(5), state=DRAFT),
			"t10": make_task(d1, b, days(-1), coordinators=[unit], state=IN_PROGRESS),
			"t11": make_task(d1, b, days(-15), coordinators=[a], state="Completed"),
		}
		return {key: task.name for key, task in tasks.items()}

	@classmethod
	def agencies(cls):
		return [cls.group, cls.agency_a, cls.agency_a_unit, cls.agency_b]

	@classmethod
	def remove_tasks(cls):
		"""Tasks left by an earlier run that committed, so that the counts start from zero."""
		names = frappe.get_all(
			"Directive Task", filters={"lead_agency": ["in", cls.agencies()]}, pluck="name"
		)
		for doctype in ("Progress Report", "Extension Request"):
			frappe.db.delete(doctype, {"task": ["in", names or [""]]})
		for name in names:
			frappe.delete_doc("Directive Task", name, force=True, ignore_permissions=True)


def days(offset: int) -> str:
	return add_days(today(), offset)


def set_ranking_settings(**values):
	settings = {
		"score_on_time": 100,
		"score_late": 50,
		"score_not_done": 0,
		"weight_lead": 1.0,
		"weight_coordinator": 0.3,
		**values,
	}
	for field, value in settings.items():
		frappe.db.set_single_value("Directive Settings", field, value)


def extended_then_completed(directive, agency, deadline, new_deadline):
	"""A task gone overdue, extended by an approved request, then completed before the new deadline."""
	task = make_task(directive, agency, deadline, state=IN_PROGRESS)
	request = frappe.get_doc(
		{
			"doctype": "Extension Request",
			"task": task.name,
			"proposed_deadline": new_deadline,
			"reason": "Chờ ý kiến thẩm định của các sở, ngành",
		}
	).insert(ignore_permissions=True)
	request = apply_workflow(request, "Request")
	apply_workflow(request, "Approve")
	task = frappe.get_doc("Directive Task", task.name)
	assert getdate(task.deadline) == getdate(new_deadline), "the approved extension moves the deadline"
	for action in ("Submit for Review", "Confirm Completion"):
		task = apply_workflow(task, action)
	return task


def assigned_then_cancelled(directive, agency, deadline):
	task = make_task(directive, agency, deadline, state=ASSIGNED)
	task.db_set("state_reason", "Thu hồi do thay đổi chủ trương")
	return apply_workflow(task, "Cancel")


class StatisticsTestCase(ProvinceTestCase):
	"""The statistics province built once per class; report rows as plain dicts keyed by their group."""

	s = StatisticsProvince

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.tasks = StatisticsProvince.build()

	def counts(self, row: dict) -> dict:
		"""The standard numbers of a row, as a tuple-like dict for exact comparison."""
		return {
			key: row[key]
			for key in (
				"total",
				"completed",
				"completed_on_time",
				"completed_late",
				"open",
				"open_within_deadline",
				"open_overdue",
				"cancelled",
				"on_time_rate",
			)
		}

	def assertTaskLinks(self, columns: list[dict], rows: list[dict]):
		"""Each number opens a task list showing exactly that many tasks."""
		for row in rows:
			if "task_filters" not in row:
				continue
			for column in columns:
				if "statuses" not in column:
					continue
				filters = list_filters({**row["task_filters"], "deadline_status": ["in", column["statuses"]]})
				shown = len(frappe.get_list("Directive Task", filters=filters, pluck="name", limit=0))
				self.assertEqual(shown, row[column["fieldname"]], (column["fieldname"], row["task_filters"]))


def counts(total, on_time, late, within, overdue, cancelled, rate):
	"""The expected standard numbers of a row."""
	return {
		"total": total,
		"completed": on_time + late,
		"completed_on_time": on_time,
		"completed_late": late,
		"open": within + overdue,
		"open_within_deadline": within,
		"open_overdue": overdue,
		"cancelled": cancelled,
		"on_time_rate": rate,
	}


def list_filters(route: dict) -> list:
	"""Route options of the task list as `frappe.get_list` filters (`Child.field` keys included)."""
	filters = []
	for key, value in route.items():
		doctype, field = key.split(".") if "." in key else ("Directive Task", key)
		operator, operand = value if isinstance(value, list) else ("=", value)
		filters.append([doctype, field, operator, operand])
	return filters
