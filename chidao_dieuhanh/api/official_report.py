"""The official report (Báo cáo kết quả thực hiện nhiệm vụ) as a PDF to print, from the Task Statistics by
Agency report (official_report.py builds it; Sign Official Report signs the same layout)."""

import frappe
from frappe.utils import cint

from chidao_dieuhanh import official_report
from chidao_dieuhanh.api.signatures import require_office_user


@frappe.whitelist(methods=["POST"])
@frappe.read_only()
def print_official_report(filters: dict | str | None = None, blank_date: bool | int | str = 0) -> None:
	"""The PDF, from the report's rows as the user sees them (office only, as the signed one); with
	`blank_date`, the day and month are left for the signing day."""
	require_office_user()
	filters = official_report.check_filters(filters)
	frappe.local.response.filename = official_report.FILE_NAME
	frappe.local.response.filecontent = official_report.pdf(filters, blank_date=bool(cint(blank_date)))
	frappe.local.response.type = "pdf"
