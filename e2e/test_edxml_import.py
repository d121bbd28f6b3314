"""The office imports an edXML package from the Directive list, in a real browser."""

import json
import time

from chidao_dieuhanh.tests import edxml_samples as samples

OFFICER = "chuyenvien1@demo.gov.vn"
SENDER = "000.00.00.H13"  # UBND tỉnh in the demo's agencies


def test_officer_imports_an_edxml_package(desk, on_site, tmp_path):
	number = f"E2E{int(time.time())}"
	package = tmp_path / f"cong-van-{number}.xml"
	package.write_bytes(
		samples.package(
			document_id=f"{SENDER},2026/11/20,{number}/UBND-KT",
			code_number=number,
			sender=(SENDER, "Ủy ban nhân dân tỉnh"),
			recipients=(("000.00.02.H13", "Sở Tài chính"),),
		)
	)
	officer = desk(OFFICER)
	officer.goto("/app/directive")
	officer.page.get_by_role("button", name=officer.translate("Import edXML")).click()
	dialog = officer.page.locator(".modal.show")
	dialog.locator("input[type=file]").set_input_files(str(package))
	dialog.locator(".btn-modal-primary").click()
	officer.page.wait_for_url("**/app/directive/CD-*", timeout=60_000)
	officer.wait_idle()
	name = officer.page.evaluate("() => cur_frm.doc.name")
	try:
		values = json.loads(
			on_site(
				f"import json\ndoc = frappe.get_doc('Directive', {name!r})\n"
				"print(json.dumps([doc.document_number, doc.sender_agency, [r.agency for r in doc.recipient_agencies],"
				" len(frappe.get_all('File', {'attached_to_doctype': 'Directive', 'attached_to_name': doc.name}))]))"
			).splitlines()[-1]
		)
		assert values == [f"{number}/UBND-KT", "UBND tỉnh", ["Sở Tài chính"], 4]
		assert officer.page.evaluate("() => cur_frm.doc.document_number") == f"{number}/UBND-KT"
		officer.screenshot("received")
		officer.assert_no_errors()
	finally:
		on_site(f"frappe.delete_doc('Directive', {name!r}, force=True)")
