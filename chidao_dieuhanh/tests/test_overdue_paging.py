# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt
"""The Overdue Tasks report shows the longest overdue tasks first, at most the rows chosen in Rows Shown,
and says of how many; its export holds the rows shown, all of them with Rows Shown "All". Run through
Frappe's request handling as the desk runs it, by an officer and by an agency user."""

import csv
import io
import json

import frappe
from frappe.tests.test_api import FrappeAPITestCase
from frappe.utils import add_days, today

from chidao_dieuhanh import task_states
from chidao_dieuhanh.chidao_dieuhanh.report.overdue_tasks.overdue_tasks import (
	ALL_ROWS,
	ROWS_SHOWN,
	shown_message,
)
from chidao_dieuhanh.tests.factories import (
	ProvinceTestCase,
	delete_mail_about,
	make_agency,
	make_directive,
	make_task,
	make_user,
)
from chidao_dieuhanh.tests.test_permissions import api_token

REPORT = "Overdue Tasks"
GROUP = "Paging Province Agencies"
AGENCY_A = "Paging Agency A"
AGENCY_B = "Paging Agency B"
FOCAL_A = "focal.a@paging.chidao.vn"
# (lead agency, days past the deadline, reminders sent): six overdue tasks, two with the same deadline.
OVERDUE = [(AGENCY_A, 30, 0), (AGENCY_B, 20, 0), (AGENCY_A, 10, 1), (AGENCY_B, 10, 3), (AGENCY_B, 5, 0)]
OVERDUE += [(AGENCY_A, 3, 0)]


class TestOverduePaging(ProvinceTestCase, FrappeAPITestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_user(FOCAL_A, "Agency Focal Point")
		make_agency(GROUP, is_group=1)
		make_agency(AGENCY_A, parent=GROUP, users=[FOCAL_A])
		make_agency(AGENCY_B, parent=GROUP)
		cls.directive = make_directive(summary="Nhiệm vụ quá hạn nhiều", document_number="31/UBND-QH")
		cls.tasks = []
		for agency, days_late, reminders in OVERDUE:
			task = make_task(cls.directive, agency, add_days(today(), -days_late), state=task_states.ASSIGNED)
			task.db_set("reminder_count", reminders)
			cls.tasks.append(task.name)
		cls.on_track = make_task(cls.directive, AGENCY_A, add_days(today(), 20), state=task_states.ASSIGNED)
		cls.officer = {"Authorization": api_token(cls.p.officer)}
		cls.focal = {"Authorization": api_token(FOCAL_A)}
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.db.rollback()
		frappe.set_user("Administrator")
		tasks = frappe.get_all("Directive Task", {"directive": cls.directive}, pluck="name")
		for doctype in ("Progress Report", "Task Reminder", "Directive Task Agency"):  # deleted by SQL:
			frappe.db.delete(doctype, {"task": ["in", tasks]})  # the task's hooks do not run
		delete_mail_about("Directive Task", tasks)
		frappe.db.delete("Directive Task", {"name": ["in", tasks]})
		frappe.db.delete("Directive", cls.directive)
		frappe.db.commit()
		super().tearDownClass()

	def run_report(self, headers, **filters):
		response = self.post(
			self.method("frappe.desk.query_report.run"),
			{"report_name": REPORT, "filters": json.dumps({"agency": GROUP, **filters})},
			headers=headers,
		)
		frappe.db.commit()
		self.assertEqual(response.status_code, 200, response.json)
		return response.json["message"]

	def test_worst_rows_first_with_the_total(self):
		report = self.run_report(self.officer, rows_shown="3")
		rows = report["result"]
		# The longest overdue first; of the two due the same day, the one reminded more.
		self.assertEqual([row["task"] for row in rows], [*self.tasks[:2], self.tasks[3]])
		days = [row["days_overdue"] for row in rows]
		self.assertEqual(days, sorted(days, reverse=True))
		self.assertGreater(days[0], days[1])
		self.assertEqual(report["message"], shown_message(3, len(OVERDUE)))
		self.assertIn("6", report["message"])
		open_overdue = report["report_summary"][3]
		self.assertEqual((open_overdue["label"], open_overdue["value"]), (frappe._("Open Overdue"), 6))

	def test_all_rows_and_the_default(self):
		everything = self.run_report(self.officer, rows_shown=ALL_ROWS)
		self.assertEqual(
			[row["task"] for row in everything["result"]],
			[self.tasks[i] for i in (0, 1, 3, 2, 4, 5)],
		)
		self.assertIsNone(everything["message"])
		# Without the filter (an API caller) the report shows the default number, here more than there are.
		self.assertGreater(ROWS_SHOWN["default"], len(OVERDUE))
		default = self.run_report(self.officer)
		self.assertEqual(len(default["result"]), len(OVERDUE))
		self.assertIsNone(default["message"])
		self.assertNotIn(self.on_track.name, {row["task"] for row in default["result"]})

	def test_agency_user_sees_its_own_rows_and_total(self):
		report = self.run_report(self.focal, rows_shown="1")
		self.assertEqual([row["task"] for row in report["result"]], [self.tasks[0]])
		self.assertEqual(report["message"], shown_message(1, 3))

	def test_export_holds_the_rows_shown_or_all(self):
		for rows_shown, expected in (("2", self.tasks[:2]), (ALL_ROWS, self.tasks)):
			response = self.post(
				self.method("frappe.desk.query_report.export_query"),
				{
					"report_name": REPORT,
					"file_format_type": "CSV",
					"filters": json.dumps({"agency": GROUP, "rows_shown": rows_shown}),
					"visible_idx": json.dumps([]),
				},
				headers=self.officer,
			)
			frappe.db.commit()
			self.assertEqual(response.status_code, 200, response.data[:300])
			lines = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
			self.assertEqual(sorted(line[0] for line in lines[1:]), sorted(expected), rows_shown)

	def test_rows_shown_must_be_a_positive_number(self):
		for bad in ("0", "-5", "many"):
			response = self.post(
				self.method("frappe.desk.query_report.run"),
				{"report_name": REPORT, "filters": json.dumps({"agency": GROUP, "rows_shown": bad})},
				headers=self.officer,
			)
			frappe.db.commit()
			self.assertEqual(response.status_code, 417, bad)
			self.assertEqual(response.json["exc_type"], "InvalidRowsShown", bad)
