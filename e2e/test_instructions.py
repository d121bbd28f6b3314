"""A leader gives an instruction on a task from a phone (390 x 844): the task's form shows the section of
leaders' instructions with its button in sight, the dialog takes the text, and the instruction is listed
at once, without sideways scrolling or a JavaScript error. Screenshots go to the artefacts folder."""

import json

from test_phone import PHONE, assert_page_fits

LEADER = "chutich@demo.gov.vn"
TEXT = "Đề nghị Sở khẩn trương hoàn thành, báo cáo UBND tỉnh trước ngày 20 (thử nghiệm trình duyệt)."


def test_a_leader_gives_an_instruction_on_a_phone(desk, on_site):
	task = on_site(
		"from chidao_dieuhanh.task_states import IN_PROGRESS\n"
		"print(frappe.get_all('Directive Task', filters={'workflow_state': IN_PROGRESS},"
		" pluck='name', order_by='name asc', limit=1)[0])"
	)
	leader = desk(LEADER, size=PHONE)
	try:
		leader.goto(f"/app/directive-task/{task}")
		button = leader.page.locator(".leader-instructions .give-instruction")
		button.wait_for(state="visible")
		button.scroll_into_view_if_needed()
		assert_page_fits(leader)
		leader.screenshot("task")
		button.click()
		dialog = leader.page.locator(".modal.show")
		dialog.locator("textarea[data-fieldname='instruction']").fill(TEXT)
		leader.screenshot("dialog")
		assert_page_fits(leader)
		dialog.locator(".btn-primary").click()
		listed = leader.page.locator(".leader-instructions .leader-instruction-text", has_text=TEXT)
		listed.wait_for(state="visible")
		leader.wait_idle()
		assert_page_fits(leader)
		leader.screenshot("given")
		saved = json.loads(
			on_site(
				"import json\n"
				f"print(json.dumps(frappe.get_all('Leader Instruction', filters={{'task': {task!r},"
				f" 'instruction': {TEXT!r}}}, fields=['leader', 'lead_agency'])))"
			)
		)
		assert [row["leader"] for row in saved] == [LEADER]
	finally:
		on_site(
			"from chidao_dieuhanh.tests.factories import delete_mail_about\n"
			f"names = frappe.get_all('Leader Instruction', filters={{'instruction': {TEXT!r}}}, pluck='name')\n"
			"delete_mail_about('Leader Instruction', names)\n"
			"for name in names:\n"
			"\tfrappe.delete_doc('Leader Instruction', name, force=True)"
		)
