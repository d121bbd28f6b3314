"""The office's reminder (đôn đốc) and the on-demand deadline refresh, in a real browser."""

import json

from test_desk import OFFICER, new_task  # new_task: a fixture, used by name

from chidao_dieuhanh.task_states import ASSIGNED


def open_task(desk, task: str) -> None:
	desk.goto(f"/app/directive-task/{task}")
	desk.page.wait_for_function("(task) => window.cur_frm && cur_frm.doc.name === task", arg=task)


def test_officer_reminds_an_agency_with_a_message(desk, new_task, on_site):  # noqa: F811
	task, _user, _agencies = new_task(ASSIGNED)
	officer = desk(OFFICER)
	open_task(officer, task)
	officer.page.locator(".page-actions button", has_text=officer.translate("Remind")).click()
	dialog = officer.page.locator(".modal.show")
	dialog.locator("textarea[data-fieldname='message']").fill("Đề nghị báo cáo kết quả trước thứ Sáu.")
	dialog.locator("input[data-fieldname='notify_head']").check()
	officer.screenshot("remind-dialog")
	dialog.locator(".btn-primary").click()
	officer.page.wait_for_function("() => cur_frm.doc.reminder_count === 1", timeout=30_000)
	officer.screenshot("reminded")

	sent = json.loads(
		on_site(
			"import json\n"
			f"rows = frappe.get_all('Task Reminder', filters={{'task': {task!r}}},"
			" fields=['reminder_type', 'level', 'status', 'message', 'sent_by'])\n"
			"print(json.dumps(rows))"
		).splitlines()[-1]
	)
	assert sent == [
		{
			"reminder_type": "Manual",
			"level": "2",
			"status": "Sent",
			"message": "Đề nghị báo cáo kết quả trước thứ Sáu.",
			"sent_by": OFFICER,
		}
	]


def test_office_refreshes_the_deadline_statuses_on_demand(desk):
	officer = desk(OFFICER)
	officer.goto("/app/directive-settings")
	officer.page.wait_for_function("() => window.cur_frm && cur_frm.doctype === 'Directive Settings'")
	officer.page.locator(
		".page-actions button", has_text=officer.translate("Refresh Deadline Statuses Now")
	).click()
	officer.page.wait_for_selector(".modal.show .msgprint", timeout=30_000)
	officer.screenshot("refreshed")
