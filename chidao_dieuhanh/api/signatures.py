"""Digital signatures from the desk: check a directive's PDFs again, sign a final progress report, sign the
official report (chidao_dieuhanh/signatures.py does the work)."""

import frappe
from frappe import _

from chidao_dieuhanh import signatures
from chidao_dieuhanh.permissions import is_office_user, leads_task


class ReportNotSignable(frappe.ValidationError):
	http_status_code = 409


def require_office_user() -> None:
	if not is_office_user():
		frappe.throw(_("Only the office may do this."), frappe.PermissionError)


@frappe.whitelist(methods=["POST"])
def check_directive_signatures(directive: str) -> list[dict]:
	"""Checks every PDF attached to the directive again, with the trusted roots enabled now."""
	require_office_user()
	frappe.has_permission("Directive", "read", directive, throw=True)
	signatures.check_directive(directive)
	return frappe.get_all(
		signatures.CHECK_TABLE,
		filters={"parenttype": signatures.CHECKED_DOCTYPE, "parent": directive},
		fields=["file", "file_name", "status", "signer", "organisation", "signing_time", "summary"],
		order_by="idx",
	)


def may_sign_progress_report(report, user: str | None = None) -> bool:
	"""The office, or the head of the task's lead agency."""
	user = user or frappe.session.user
	if is_office_user(user):
		return True
	return "Agency Head" in frappe.get_roles(user) and leads_task(report.task, user)


@frappe.whitelist(methods=["POST"])
def sign_progress_report(name: str) -> dict:
	"""Signs the final progress report's print with the site's certificate and attaches the PDF."""
	frappe.has_permission("Progress Report", "read", name, throw=True)
	report = frappe.get_doc("Progress Report", name)
	if not may_sign_progress_report(report):
		frappe.throw(
			_("Only the office or the head of the lead agency may sign this report."), frappe.PermissionError
		)
	if not report.is_final or report.docstatus != 1:
		frappe.throw(_("Only a submitted final progress report can be signed."), ReportNotSignable)
	file_doc = signatures.sign_progress_report(report.name)
	return {"file_name": file_doc.file_name, "file_url": file_doc.file_url}


@frappe.whitelist(methods=["POST"])
def sign_official_report(filters: dict | str | None = None) -> dict:
	"""Builds Báo cáo kết quả thực hiện nhiệm vụ from the report's data as the user sees it, signs it and
	keeps it as a Signed Report."""
	from chidao_dieuhanh.official_report import check_filters

	require_office_user()
	frappe.has_permission("Signed Report", "create", throw=True)  # who signs: the doctype's create right
	record = signatures.sign_official_report(check_filters(filters))
	return {"name": record.name, "file_url": record.signed_file}
