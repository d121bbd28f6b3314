"""Digital signatures in the desk: a tracking officer sees a directive's signed PDF not verified, the IT
officer's root is added, Check Signatures Again makes it valid; the officer signs the official report from
the Task Statistics by Agency report."""

import json

import pytest

OFFICER = "chuyenvien1@demo.gov.vn"
SETUP = """
import json
from chidao_dieuhanh.tests import signing_ca
from chidao_dieuhanh.tests.factories import make_directive
from chidao_dieuhanh.tests.test_signatures import upload
ca = signing_ca.make_root("CA Trình duyệt (thử nghiệm)", "Ban Cơ yếu (thử nghiệm)")
agency = signing_ca.issue(ca, "Nguyễn Văn Ký", "Sở Tài chính (thử nghiệm)")
office = signing_ca.issue(ca, "Trần Thị Văn Phòng", "Văn phòng UBND tỉnh (thử nghiệm)")
directive = make_directive(document_number="997/UBND-E2E", summary="Văn bản ký số (kiểm thử trình duyệt)")
upload("van-ban-e2e-ky-so.pdf", signing_ca.signed_pdf(agency), "Directive", directive)
root = upload("goc-e2e-thu-nghiem.pem", ca.pem)
certificate = upload("chung-thu-e2e-thu-nghiem.p12", office.pkcs12("e2e-mat-khau"))
settings = frappe.get_single("Directive Settings")
saved = {f: settings.get(f) for f in ("signing_certificate", "signer_name", "signer_title")}
settings.update({"signing_certificate": certificate.file_url, "signing_certificate_password": "e2e-mat-khau",
	"signer_name": "Trần Thị Văn Phòng", "signer_title": "Chánh Văn phòng"})
settings.save(ignore_permissions=True)
print(json.dumps({"directive": directive, "root": root.file_url, "certificate": certificate.name, "saved": saved}))
"""


@pytest.fixture
def signed(on_site):
	made = json.loads(on_site(SETUP))
	yield made
	on_site(
		f"made = {made!r}\n"
		"from chidao_dieuhanh.tests.test_signatures import delete_files\n"
		"for name in frappe.get_all('Signed Report', {'signed_by': " + repr(OFFICER) + "}, pluck='name'):\n"
		"\tdelete_files({'attached_to_doctype': 'Signed Report', 'attached_to_name': name})\n"
		"\tfrappe.delete_doc('Signed Report', name, force=True)\n"
		"delete_files({'attached_to_name': made['directive']})\n"
		"frappe.delete_doc('Directive', made['directive'], force=True)\n"
		"frappe.db.delete('Trusted Root Certificate', {'certificate': made['root']})\n"
		"delete_files({'file_url': made['root']})\n"
		"settings = frappe.get_single('Directive Settings')\n"
		"settings.update(made['saved'])\n"
		"settings.save(ignore_permissions=True)\n"
		"delete_files({'name': made['certificate']})"
	)


def statuses(on_site, directive: str) -> list[str]:
	return json.loads(
		on_site(
			"import json\n"
			f"print(json.dumps(frappe.get_all('Directive Signature Check', {{'parent': {directive!r}}},"
			" pluck='status')))"
		)
	)


def test_office_checks_signatures_again_and_signs_the_official_report(desk, signed, on_site):
	directive = signed["directive"]
	assert statuses(on_site, directive) == ["Not Verified"]
	officer = desk(OFFICER)
	officer.goto(f"/app/directive/{directive}")
	page = officer.page
	page.wait_for_function("(name) => window.cur_frm && cur_frm.doc.name === name", arg=directive)
	grid = page.locator('[data-fieldname="signature_checks"] .grid-body .grid-row')
	grid.first.wait_for()
	assert officer.translate("Not Verified") in grid.first.inner_text()
	grid.first.scroll_into_view_if_needed()
	officer.screenshot("not-verified")

	# The IT officer uploads the root; the office checks the directive's PDFs again.
	on_site(
		"frappe.get_doc({'doctype': 'Trusted Root Certificate', 'title': 'Gốc trình duyệt (thử nghiệm)',"
		f" 'certificate': {signed['root']!r}}}).insert()"
	)
	page.locator(".inner-group-button button", has_text=officer.translate("Digital Signatures")).click()
	page.get_by_role("link", name=officer.translate("Check Signatures Again"), exact=True).click()
	page.wait_for_function("() => cur_frm.doc.signature_checks[0].status === 'Valid'", timeout=30_000)
	officer.wait_idle()
	assert officer.translate("Valid") in grid.first.inner_text()
	assert "Nguyễn Văn Ký" in grid.first.inner_text()
	grid.first.scroll_into_view_if_needed()
	officer.screenshot("valid")
	assert statuses(on_site, directive) == ["Valid"]

	officer.goto("/app/query-report/Task Statistics by Agency")
	page.wait_for_function("() => window.frappe.query_report && frappe.query_report.data")
	page.get_by_role("button", name=officer.translate("Sign Official Report")).click()
	message = page.locator(".msgprint")
	message.wait_for(timeout=60_000)
	officer.screenshot("signed")
	signed_report = on_site(
		f"print(frappe.db.get_value('Signed Report', {{'signed_by': {OFFICER!r}}}, 'name') or '')"
	)
	assert signed_report and signed_report in message.inner_text()
	verdict = on_site(
		"from chidao_dieuhanh import signatures\n"
		f"url = frappe.db.get_value('Signed Report', {signed_report!r}, 'signed_file')\n"
		"pdf = frappe.get_doc('File', {'file_url': url}).get_content()\n"
		"print([r.status for r in signatures.check_pdf(pdf, signatures.trusted_roots())])"
	)
	assert verdict == "['Valid']"
