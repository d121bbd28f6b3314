"""Vietnamese in the desk: Frappe's own screens read as Frappe ships them, the app's screens in the app's
words (the labels looked up with their doctype as context), users shown by full name."""

from urllib.parse import quote

from chidao_dieuhanh.task_states import DRAFT, IN_PROGRESS

OFFICER = "chuyenvien1@demo.gov.vn"


def field_label(desk, fieldname: str) -> str:
	return desk.page.evaluate(
		"(f) => cur_frm.fields_dict[f].$wrapper.find('.control-label, .section-head').first().text().trim()",
		fieldname,
	)


def open_form(desk, route: str, doctype: str) -> None:
	desk.goto(route)
	desk.page.wait_for_function("(dt) => window.cur_frm && cur_frm.doctype === dt", arg=doctype)
	desk.wait_idle()


def test_frappe_screens_as_shipped_and_the_app_in_its_words(desk, on_site):
	directive, leader, leader_name = (
		on_site(
			"name = frappe.get_all('Directive', {'document_type': 'Instruction'}, ['name', 'directing_leader'],"
			" limit=1)[0]\n"
			"print(name.name, name.directing_leader, frappe.db.get_value('User', name.directing_leader,"
			" 'full_name'), sep='|')"
		)
		.strip()
		.split("|")
	)
	officer = desk(OFFICER)

	officer.page.evaluate("() => frappe.ui.misc.about()")
	about = officer.page.locator(".modal.show .modal-body")
	about.wait_for()
	assert "Nguồn:" in about.inner_text() and "Nguồn chỉ đạo" not in about.inner_text()
	officer.screenshot("about")
	officer.page.keyboard.press("Escape")

	open_form(officer, "/app/todo/new", "ToDo")
	assert field_label(officer, "priority") == "Ưu tiên"
	assert field_label(officer, "status") == "Trạng thái"

	open_form(officer, f"/app/directive/{directive}", "Directive")
	assert field_label(officer, "document_type") == "Loại văn bản"
	assert field_label(officer, "summary") == "Trích yếu"
	selected = officer.page.evaluate(
		"() => cur_frm.fields_dict.document_type.$input.find('option:selected').text()"
	)
	assert selected == "Chỉ thị"
	assert officer.page.evaluate("() => cur_frm.fields_dict.directing_leader.$input.val()") == leader_name
	assert leader_name and leader_name != leader
	dashboard = officer.page.locator(".form-dashboard").inner_text()
	assert "Liên kết" in dashboard and "Connections" not in dashboard
	officer.screenshot("directive")

	# The list's title column and its pills are looked up without context: they read the app's words too.
	officer.goto("/app/directive-task")
	officer.page.wait_for_selector(".list-row-container")
	header = officer.page.locator(".list-row-head .list-subject").first.inner_text().strip()
	assert header == "Nội dung nhiệm vụ"
	officer.goto("/app/directive?directive_status=" + quote("In Progress"))
	officer.page.wait_for_selector(".list-row-container")
	rows = officer.page.locator(".result").inner_text()
	assert "Đang thực hiện" in rows and "Trong tiến trình" not in rows
	officer.goto("/app/task-reminder?reminder_type=Automatic")
	officer.page.wait_for_selector(".list-row-container")
	rows = officer.page.locator(".result").inner_text()
	assert "Tự động" in rows and "Automatic" not in rows
	officer.screenshot("reminders")


def test_task_states_and_actions_read_the_app_words(desk, on_site):
	"""Frappe looks workflow states and actions up without context (the form's indicator, list pills, the
	Actions menu): the task workflow's own names read the app's words, never Frappe's ("Bản nháp",
	"Trong tiến trình", "Chỉ định"); the task's document type reads as the directive's dropdown does."""
	task, document_type = (
		on_site(
			f"task = frappe.get_all('Directive Task', {{'workflow_state': {DRAFT!r}}},"
			" ['name', 'directive_document_type'], order_by='name', limit=1)[0]\n"
			"print(task.name, task.directive_document_type, sep='|')"
		)
		.strip()
		.split("|")
	)
	officer = desk(OFFICER)
	officer.goto("/app/directive-task?workflow_state=" + quote(IN_PROGRESS))
	officer.page.wait_for_selector(".list-row-container")
	rows = officer.page.locator(".result").inner_text()
	assert "Đang thực hiện" in rows and "Trong tiến trình" not in rows
	officer.screenshot("task-states")

	open_form(officer, f"/app/directive-task/{task}", "Directive Task")
	indicator = officer.page.locator(".page-head .indicator-pill").first.inner_text().strip()
	assert indicator == "Dự thảo"
	shown_type = officer.page.evaluate(
		"() => cur_frm.fields_dict.directive_document_type.$wrapper.find('.control-value').text().trim()"
	)
	assert document_type and shown_type == officer.translate(document_type) != document_type
	officer.page.click(".actions-btn-group > button")
	actions = officer.page.locator(".actions-btn-group .dropdown-menu").inner_text()
	assert "Giao nhiệm vụ" in actions and "Chỉ định" not in actions
	officer.screenshot("task-actions")
	officer.assert_no_errors()
