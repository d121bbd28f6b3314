"""The tracking officer turns a received directive into tasks: Create Tasks, Propose from the Document,
one line corrected, Create; the tasks then show in the directive's connections."""

import json

import pytest

from chidao_dieuhanh.task_states import DRAFT

OFFICER = "chuyenvien1@demo.gov.vn"
TEXT = """THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về giải ngân vốn đầu tư công (kiểm thử trình duyệt)
Chủ tịch UBND tỉnh kết luận như sau:
1. Giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng rà soát, điều chuyển vốn, báo cáo UBND tỉnh
trước ngày 31/12/2099.
2. Các chủ đầu tư tập trung đẩy nhanh tiến độ giải ngân trong 10 ngày làm việc.
3. Sở XD kiểm tra chất lượng công trình; thực hiện thường xuyên.
Nơi nhận:
- Như trên;
"""


@pytest.fixture
def directive(on_site):
	name = on_site(
		"from chidao_dieuhanh.tests.factories import make_directive\n"
		f"print(make_directive(document_number='999/TB-UBND', tracking_officer={OFFICER!r},"
		f" document_content={TEXT!r}))"
	)
	yield name
	on_site(
		f"for task in frappe.get_all('Directive Task', {{'directive': {name!r}}}, pluck='name'):\n"
		"\tfrappe.delete_doc('Directive Task', task, force=True)\n"
		f"frappe.delete_doc('Directive', {name!r}, force=True)"
	)


def test_officer_creates_tasks_from_the_document(desk, directive, on_site):
	officer = desk(OFFICER)
	officer.goto(f"/app/directive/{directive}")
	page = officer.page
	page.wait_for_function("(name) => window.cur_frm && cur_frm.doc.name === name", arg=directive)
	page.locator(".page-actions button", has_text=officer.translate("Create Tasks")).click()
	dialog = page.locator(".modal.show")
	dialog.locator("button", has_text=officer.translate("Propose from the Document")).click()
	rows = dialog.locator(".grid-body .grid-row")
	rows.nth(2).wait_for()
	officer.wait_idle()
	assert rows.count() == 3
	officer.screenshot("proposed")
	proposed = page.evaluate(
		"() => cur_dialog.fields_dict.tasks.df.data.map((row) => row.lead_agency || null)"
	)
	assert proposed == ["Sở Tài chính", None, "Sở Xây dựng"]

	# Created as it is, the line without a lead refuses the whole lot.
	dialog.locator(".modal-footer .btn-primary").click()
	message = page.locator(".msgprint")
	message.wait_for()
	assert officer.translate("Line {0}: {1}").split(":")[0].replace("{0}", "2") in message.inner_text()
	officer.screenshot("refused")
	page.locator(".modal.show").last.locator(".btn-modal-close").click()
	page.wait_for_selector(".msgprint", state="hidden")
	# the refusal's 400 and the server's message, logged by the desk, are what was expected
	officer.errors = [e for e in officer.errors if "create_tasks" not in e and "TaskLinesRefused" not in e]
	assert on_site(f"print(frappe.db.count('Directive Task', {{'directive': {directive!r}}}))") == "0"

	# The second line names no agency in the list: the officer gives it one.
	rows.nth(1).locator('.grid-static-col[data-fieldname="lead_agency"]').click()
	lead = rows.nth(1).locator('input[data-fieldname="lead_agency"]')
	lead.fill("Sở Tài chính")
	# the option of exactly that agency (a site's tests may have left "Sở Tài chính (...)" beside it)
	page.locator('.awesomplete [role="option"]').filter(has=page.locator('p[title="Sở Tài chính"]')).click()
	page.wait_for_function("() => cur_dialog.fields_dict.tasks.df.data[1].lead_agency === 'Sở Tài chính'")
	officer.screenshot("corrected")

	dialog.locator(".modal-footer .btn-primary").click()
	page.wait_for_selector(".modal.show", state="detached", timeout=30_000)
	officer.wait_idle()
	page.wait_for_function("() => cur_frm.dashboard && cur_frm.doc.task_count === 3", timeout=30_000)
	tasks = json.loads(
		on_site(
			"import json\n"
			f"print(json.dumps(frappe.get_all('Directive Task', filters={{'directive': {directive!r}}},"
			" fields=['lead_agency', 'workflow_state', 'working_days', 'no_deadline', 'tracking_officer'],"
			" order_by='creation asc')))"
		)
	)
	assert [(t["lead_agency"], t["workflow_state"]) for t in tasks] == [
		("Sở Tài chính", DRAFT),
		("Sở Tài chính", DRAFT),
		("Sở Xây dựng", DRAFT),
	]
	assert tasks[1]["working_days"] == 10 and tasks[2]["no_deadline"] == 1
	assert all(t["tracking_officer"] == OFFICER for t in tasks)
	officer.screenshot("created")
	officer.assert_no_errors()
