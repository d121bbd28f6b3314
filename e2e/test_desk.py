"""What leaders, the office and the agencies do every morning, in a real browser."""

import json
import re
import shutil
import subprocess
from urllib.parse import quote

import pytest

from chidao_dieuhanh.task_states import ASSIGN, ASSIGNED, DRAFT, IN_PROGRESS

LEADER = "chutich@demo.gov.vn"
OFFICER = "chuyenvien1@demo.gov.vn"
OFFICE_WORKSPACE = "Chỉ đạo điều hành"
AGENCY_WORKSPACE = "Nhiệm vụ của đơn vị"
STATISTICS = "Task Statistics by Agency"


def open_workspace(desk, title: str) -> None:
	desk.goto("/app/" + quote(desk.page.evaluate("(title) => frappe.router.slug(title)", title)))
	desk.page.wait_for_selector(".number-widget-box .widget-content", timeout=30_000)
	desk.page.wait_for_function(
		"() => [...document.querySelectorAll('.number-widget-box .number')].every((n) => n.textContent.trim())"
	)
	assert desk.page.title().startswith(title)


def open_report(desk, report: str) -> list[dict]:
	desk.goto("/app/query-report/" + quote(report))
	desk.page.wait_for_function(
		"(report) => frappe.query_report && frappe.query_report.report_name === report"
		" && frappe.query_report.data && !frappe.query_report.loading",
		arg=report,
	)
	desk.page.wait_for_selector(".report-summary .summary-value", timeout=30_000)
	desk.wait_idle()
	return desk.page.evaluate("() => frappe.query_report.data")


def apply_workflow_action(desk, task: str, action: str, state: str) -> None:
	desk.goto(f"/app/directive-task/{task}")
	desk.page.wait_for_function("(task) => window.cur_frm && cur_frm.doc.name === task", arg=task)
	desk.page.click(".actions-btn-group > button")
	desk.page.locator(
		".actions-btn-group .dropdown-menu .dropdown-item", has_text=desk.translate(action)
	).click()
	desk.page.wait_for_function(
		"([task, state]) => cur_frm.doc.name === task && cur_frm.doc.workflow_state === state",
		arg=[task, state],
		timeout=30_000,
	)
	desk.wait_idle()


def test_leader_workspace_statistics_and_task(desk):
	leader = desk(LEADER)
	open_workspace(leader, OFFICE_WORKSPACE)
	leader.page.wait_for_selector(".dashboard-widget-box .frappe-chart", timeout=30_000)
	leader.screenshot("workspace")

	rows = open_report(leader, STATISTICS)
	agencies = [row for row in rows if not row.get("is_total_row")]
	assert agencies, "the demo province has tasks this year"
	total = next(row for row in rows if row.get("is_total_row"))
	assert total["total"] == sum(row["total"] for row in agencies)
	summary = leader.page.locator(".report-summary .summary-value").first.inner_text()
	assert int(summary.replace(".", "").replace(",", "")) == total["total"]
	leader.screenshot("statistics")

	# A number opens the task list that it counts.
	row = next(r for r in agencies if 0 < r["total"] <= 20)
	link = leader.page.locator(f'a.chidao-task-count[href*="{quote(row["agency"])}"]').first
	link.click()
	leader.page.wait_for_function(
		"(count) => window.cur_list && cur_list.doctype === 'Directive Task' && cur_list.data"
		" && cur_list.data.length === count",
		arg=row["total"],
		timeout=30_000,
	)
	leader.wait_idle()
	leads = leader.page.evaluate("() => [...new Set(cur_list.data.map((task) => task.lead_agency))]")
	assert leads == [row["agency"]]
	leader.screenshot("task-list")

	task = leader.page.evaluate("() => cur_list.data[0].name")
	leader.goto(f"/app/directive-task/{task}")
	leader.page.wait_for_function("(task) => window.cur_frm && cur_frm.doc.name === task", arg=task)
	leader.screenshot("task")

	# The calendar of deadlines, coloured by deadline status.
	leader.goto("/app/directive-task/view/calendar/default")
	leader.page.wait_for_selector(".fc-event", timeout=30_000)
	leader.screenshot("calendar")


def test_officer_assigns_a_draft_task(desk, new_task):
	officer = desk(OFFICER)
	open_workspace(officer, OFFICE_WORKSPACE)
	rows = open_report(officer, STATISTICS)
	assert any(not row.get("is_total_row") for row in rows)
	task, _user, _agencies = new_task(DRAFT)
	apply_workflow_action(officer, task, ASSIGN, ASSIGNED)
	officer.screenshot("assigned")


NEW_TASK = """
import json
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, today
from chidao_dieuhanh.permissions import get_user_agencies
agency, user = frappe.db.sql('''select au.parent, au.user from `tabAgency User` au
	join `tabHas Role` hr on hr.parent = au.user and hr.role = 'Agency Focal Point'
	where au.parenttype = 'Agency' order by au.parent, au.user limit 1''')[0]
directive = frappe.get_all(
	"Directive", filters={"issue_date": ["<=", today()]}, order_by="issue_date desc", limit=1, pluck="name"
)[0]
task = frappe.get_doc({
	"doctype": "Directive Task",
	"directive": directive,
	"lead_agency": agency,
	"content": "Kiểm thử trên trình duyệt: rà soát, báo cáo kết quả thực hiện",
	"deadline": add_days(today(), 30),
}).insert()
for action in ACTIONS:
	task = apply_workflow(task, action)
print(json.dumps([task.name, user, get_user_agencies(user)]))
"""


@pytest.fixture
def new_task(on_site):
	"""new_task(state) adds a task in Draft or Assigned state, led by an agency with a focal point;
	returns the task, that focal point and the agencies it acts for (with sub-units)."""

	def make(state: str):
		actions = {DRAFT: [], ASSIGNED: [ASSIGN]}[state]
		printed = on_site(f"ACTIONS = {actions!r}\n{NEW_TASK}")
		return json.loads(printed.splitlines()[-1])

	return make


def test_focal_point_sees_its_agency_and_accepts_a_task(desk, new_task):
	task, user, own = new_task(ASSIGNED)
	focal = desk(user)
	open_workspace(focal, AGENCY_WORKSPACE)
	focal.page.wait_for_selector(".dashboard-widget-box .frappe-chart", timeout=30_000)
	focal.screenshot("workspace")

	rows = open_report(focal, STATISTICS)
	agencies = [row["agency"] for row in rows if not row.get("is_total_row")]
	assert agencies, "the agency leads tasks this year"
	assert set(agencies) <= set(own), f"{user} sees other agencies: {agencies}"
	focal.screenshot("statistics")

	apply_workflow_action(focal, task, "Accept", IN_PROGRESS)
	focal.screenshot("accepted")


def test_official_report_prints_to_pdf_in_vietnamese(desk, artefacts):
	"""Print Official Report: the server's layout of Nghị định 30 (the same as the signed one), as a PDF."""
	officer = desk(OFFICER)
	rows = open_report(officer, STATISTICS)
	first_agency = next(row["agency"] for row in rows if not row.get("is_total_row"))
	page = officer.page
	page.get_by_role("button", name=officer.translate("Print Official Report")).click()
	dialog = page.locator(".modal.show")
	dialog.wait_for()
	assert dialog.locator('input[data-fieldname="blank_date"]').is_checked()
	officer.screenshot("official-report-dialog")
	with page.expect_download(timeout=120_000) as download:
		dialog.locator(".btn-primary", has_text=officer.translate("Print")).click()
	pdf = artefacts / "bao-cao-ket-qua-thuc-hien-nhiem-vu.pdf"
	download.value.save_as(pdf)
	assert shutil.which("pdftotext"), "pdftotext (poppler-utils) reads the PDF back"
	text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
	for expected in (
		"ỦY BAN NHÂN DÂN",
		"VĂN PHÒNG",
		"/BC-VP",
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		"Độc lập - Tự do - Hạnh phúc",
		"BÁO CÁO",
		"Kết quả thực hiện nhiệm vụ",
		"Nơi nhận:",
		"- UBND các xã, phường;",
		first_agency,
	):
		assert expected in text.stdout, f"{expected!r} missing from the PDF"
	assert re.search(r"ngày\s+tháng\s+năm \d{4}", text.stdout), "the date is left for the signing day"
	assert "VĂN PHÒNG" in text.stdout.split("Nơi nhận:")[1], "the signature block"
	info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
	assert re.search(r"Page size:\s+(842|841\.89) x (595|595\.276) pts \(A4\)", info), info
	# The first page as a picture, to look at (artefacts/e2e/bao-cao-trang-1.png).
	subprocess.run(
		[
			"pdftoppm",
			"-r",
			"60",
			"-png",
			"-f",
			"1",
			"-l",
			"1",
			"-singlefile",
			str(pdf),
			str(artefacts / "bao-cao-trang-1"),
		],
		check=True,
	)
	assert (artefacts / "bao-cao-trang-1.png").stat().st_size > 10_000
