"""Forwarding inside the agency in a real browser: the focal point hands a task over to an officer, who finds
it in its own list and drafts the progress report."""

import json

from chidao_dieuhanh.task_states import ACCEPT, ASSIGN

OFFICER = "chuyenvien.donvi@demo.gov.vn"
DEMO_PASSWORD = "Demo@12345"

# A task under way led by the first agency with a focal point, and an officer of that agency (made once).
SETUP = """
import json
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, today
agency, focal = frappe.db.sql('''select au.parent, au.user from `tabAgency User` au
	join `tabHas Role` hr on hr.parent = au.user and hr.role = 'Agency Focal Point'
	where au.parenttype = 'Agency' order by au.parent, au.user limit 1''')[0]
if not frappe.db.exists("User", OFFICER):
	user = frappe.get_doc({"doctype": "User", "email": OFFICER, "first_name": "Chuyên viên đơn vị",
		"send_welcome_email": 0, "user_type": "System User", "language": "vi",
		"new_password": PASSWORD}).insert(ignore_permissions=True)
	user.add_roles("Agency Officer")
doc = frappe.get_doc("Agency", agency)
if OFFICER not in [row.user for row in doc.users]:
	doc.append("users", {"user": OFFICER})
	doc.save(ignore_permissions=True)
directive = frappe.get_all(
	"Directive", filters={"issue_date": ["<=", today()]}, order_by="issue_date desc", limit=1, pluck="name"
)[0]
task = frappe.get_doc({
	"doctype": "Directive Task",
	"directive": directive,
	"lead_agency": agency,
	"content": "Kiểm thử giao việc nội bộ: dự thảo báo cáo kết quả",
	"deadline": add_days(today(), 30),
}).insert()
for action in ACTIONS:
	task = apply_workflow(task, action)
print(json.dumps([task.name, focal, agency]))
"""


def open_form(desk, path: str, doctype: str) -> None:
	desk.goto(path)
	desk.page.wait_for_function("(dt) => window.cur_frm && cur_frm.doctype === dt", arg=doctype)


def save(desk) -> None:
	desk.page.keyboard.press("Control+S")
	desk.page.wait_for_function("() => cur_frm && !cur_frm.is_new() && !cur_frm.is_dirty()", timeout=30_000)


def test_focal_point_hands_a_task_to_an_officer_who_drafts_the_report(desk, on_site):
	printed = on_site(
		f"OFFICER = {OFFICER!r}\nPASSWORD = {DEMO_PASSWORD!r}\nACTIONS = {[ASSIGN, ACCEPT]!r}\n{SETUP}"
	)
	task, focal_user, _agency = json.loads(printed.splitlines()[-1])

	focal = desk(focal_user)
	open_form(focal, f"/app/directive-task/{task}", "Directive Task")
	button = focal.page.locator(".page-actions button", has_text=focal.translate("Hand Over"))
	button.wait_for()
	button.click()
	focal.page.wait_for_function("() => cur_frm && cur_frm.doctype === 'Task Handover' && cur_frm.doc.task")
	focal.call(
		"""(officer) => cur_frm.set_value({officer, internal_deadline: frappe.datetime.add_days(
			frappe.datetime.get_today(), 7)})""",
		OFFICER,
	)
	focal.page.locator("textarea[data-fieldname='note']").fill("Dự thảo báo cáo, gửi lãnh đạo trước thứ Sáu.")
	focal.page.wait_for_function(
		"() => cur_frm.fields_dict.officer.$input.val() && cur_frm.fields_dict.task.$input.val()"
	)
	focal.screenshot("handover")
	save(focal)
	handover = focal.page.evaluate("() => cur_frm.doc.name")
	focal.screenshot("handed-over")

	officer = desk(OFFICER)
	# "Assigned To Me": the handover is in the officer's own list
	officer.goto(f"/app/task-handover?_assign=%5B%22like%22%2C%22%25{OFFICER}%25%22%5D")
	officer.page.locator(f".result a[href*='{handover}']").first.wait_for()
	officer.screenshot("assigned-to-me")
	# the only task the officer sees is the one handed to it
	tasks = officer.call(
		"""() => frappe.xcall("frappe.client.get_list", {doctype: "Directive Task", limit_page_length: 0})
			.then((rows) => rows.map((row) => row.name))"""
	)
	handed = json.loads(
		on_site(
			"import json\n"
			f"print(json.dumps(frappe.get_all('Task Handover', filters={{'officer': {OFFICER!r}}}, pluck='task')))"
		).splitlines()[-1]
	)
	assert task in tasks
	assert set(tasks) == set(handed)

	officer.goto("/app/progress-report")
	officer.call("(task) => Promise.resolve(frappe.new_doc('Progress Report', {task}))", task)
	officer.page.wait_for_function("() => window.cur_frm && cur_frm.doctype === 'Progress Report'")
	officer.page.wait_for_function("(task) => cur_frm.doc.task === task", arg=task)
	officer.call(
		"() => cur_frm.set_value({progress: 30, content: '<p>Đã rà soát, đang tổng hợp số liệu.</p>'})"
	)
	save(officer)
	report = officer.page.evaluate("() => cur_frm.doc.name")
	officer.screenshot("draft-report")

	stored = json.loads(
		on_site(
			"import json\n"
			f"print(json.dumps(frappe.db.get_value('Progress Report', {report!r}, ['docstatus', 'drafted_by'],"
			" as_dict=True)))"
		).splitlines()[-1]
	)
	assert stored == {"docstatus": 0, "drafted_by": OFFICER}
