"""The deadline-status chart counts with the statuses in the user's language and permissions."""

import frappe
from frappe.utils import add_days, today

from chidao_dieuhanh.chidao_dieuhanh.dashboard_chart_source.tasks_by_deadline_status.tasks_by_deadline_status import (
	get,
)
from chidao_dieuhanh.task_states import ASSIGNED, DRAFT, IN_PROGRESS
from chidao_dieuhanh.tests.factories import ProvinceTestCase, make_directive, make_task


class TestTasksByDeadlineStatus(ProvinceTestCase):
	def test_translated_labels_in_order_and_agency_scope(self):
		directive = make_directive(issue_date=add_days(today(), -40))
		make_task(directive, self.p.agency_b, deadline=add_days(today(), -2), state=IN_PROGRESS)
		make_task(directive, self.p.agency_b, deadline=add_days(today(), 20), state=ASSIGNED)
		make_task(directive, self.p.agency_a, deadline=add_days(today(), 20), state=ASSIGNED)
		frappe.local.lang = "vi"
		try:
			with self.set_user(self.p.focal_b):
				data = get(filters=f'[["Directive Task", "workflow_state", "!=", "{DRAFT}", false]]')
		finally:
			frappe.local.lang = "en"
		self.assertEqual(data["labels"], ["Trong hạn", "Quá hạn"])
		self.assertEqual(data["datasets"][0]["values"], [1, 1])
