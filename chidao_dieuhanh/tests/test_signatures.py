# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt
"""Digital signatures: the PDFs attached to a directive checked against the trusted roots the IT officer
uploads, and the official report and a final progress report signed with the site's PKCS#12 certificate,
verified by pyHanko and by poppler's pdfsig. The CA and its certificates are made here."""

import subprocess
import tempfile
import threading
from datetime import datetime, timezone
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import frappe
from frappe.tests.test_api import FrappeAPITestCase, make_request
from frappe.utils import add_days, get_datetime, today

from chidao_dieuhanh import signatures
from chidao_dieuhanh.api import signatures as api
from chidao_dieuhanh.chidao_dieuhanh.doctype.signed_report.signed_report import SignedReportNotSigned
from chidao_dieuhanh.chidao_dieuhanh.doctype.trusted_root_certificate.trusted_root_certificate import (
	DuplicateRootCertificate,
	InvalidCertificateFile,
)
from chidao_dieuhanh.task_states import IN_PROGRESS
from chidao_dieuhanh.tests import signing_ca
from chidao_dieuhanh.tests.factories import ProvinceTestCase, delete_mail_about, make_directive, make_task
from chidao_dieuhanh.tests.test_permissions import api_token

PASSWORD = "Mat-khau-chung-thu-1"
SETTINGS = "Directive Settings"
SIGNING_FIELDS = ("signing_certificate", "signer_name", "signer_title", "signing_reason", "signing_location")


def upload(file_name: str, content: bytes, doctype: str | None = None, name: str | None = None, private=1):
	return frappe.get_doc(
		{
			"doctype": "File",
			"file_name": file_name,
			"attached_to_doctype": doctype,
			"attached_to_name": name,
			"is_private": private,
			"content": content,
		}
	).insert(ignore_permissions=True)


def delete_files(filters: dict) -> None:
	"""The File rows and what they stored on disk."""
	for name in frappe.get_all("File", filters=filters, pluck="name"):
		frappe.delete_doc("File", name, force=True, ignore_permissions=True)


def checks_of(directive: str, file_name: str | None = None) -> list[frappe._dict]:
	filters = {"parent": directive, "parenttype": "Directive"}
	if file_name:
		filters["file"] = file_name
	return frappe.get_all(signatures.CHECK_TABLE, filters=filters, fields=["*"], order_by="idx")


class QuietHandler(SimpleHTTPRequestHandler):
	def log_message(self, *args):
		pass


class TestSignatures(ProvinceTestCase, FrappeAPITestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		p = cls.p
		cls.ca = signing_ca.make_root("CA Thử nghiệm Chính phủ", "Ban Cơ yếu Chính phủ (thử nghiệm)")
		cls.agency_signer = signing_ca.issue(cls.ca, "Nguyễn Văn Ký", "Sở Tài chính tỉnh Thử nghiệm")
		cls.office_signer = signing_ca.issue(cls.ca, "Trần Thị Văn Phòng", "Văn phòng UBND tỉnh Thử nghiệm")
		cls.other_ca = signing_ca.make_root("CA Không Tin Cậy", "Tổ chức lạ")
		cls.stranger = signing_ca.issue(cls.other_ca, "Lê Văn Lạ", "Đơn vị lạ")
		cls.signed = signing_ca.signed_pdf(cls.agency_signer)

		cls.saved_settings = frappe.db.get_values_from_single(SIGNING_FIELDS, None, SETTINGS, as_dict=True)[0]
		cls.certificate_file = upload("chung-thu-van-phong.p12", cls.office_signer.pkcs12(PASSWORD))
		settings = frappe.get_single(SETTINGS)
		settings.update(
			{
				"signing_certificate": cls.certificate_file.file_url,
				"signing_certificate_password": PASSWORD,
				"signer_name": "Trần Thị Văn Phòng",
				"signer_title": "Chánh Văn phòng",
				"signing_reason": "Báo cáo kết quả thực hiện nhiệm vụ",
				"signing_location": "Thử nghiệm",
			}
		)
		settings.save(ignore_permissions=True)
		cls.root = cls.add_root("Ban Cơ yếu (thử nghiệm)", cls.ca.pem, "ca-thu-nghiem.pem")

		cls.directive = make_directive(summary="Văn bản có chữ ký số", document_number="99/UBND-KS")
		cls.directive_b = make_directive(summary="Văn bản của Sở B", document_number="98/UBND-KS")
		cls.task = make_task(cls.directive, p.agency_a, state=IN_PROGRESS).name
		cls.task_b = make_task(cls.directive_b, p.agency_b, state=IN_PROGRESS).name
		report = frappe.get_doc(
			{
				"doctype": "Progress Report",
				"task": cls.task,
				"progress": 100,
				"is_final": 1,
				"content": "Đã hoàn thành nhiệm vụ được giao",
			}
		).insert()
		report.submit()
		cls.final_report = report.name
		cls.token_a = api_token(p.focal_a)
		cls.token_manager = api_token(p.manager)
		cls.token_officer = api_token(p.officer)
		frappe.db.commit()
		cls.serve_assets()

	@classmethod
	def serve_assets(cls):
		"""wkhtmltopdf fetches a print's style sheets from the site's URL: the bench's assets are served
		on 127.0.0.1, as the site's web server would."""
		handler = partial(QuietHandler, directory=frappe.utils.get_bench_path() + "/sites")
		cls.assets_server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
		threading.Thread(target=cls.assets_server.serve_forever, daemon=True).start()
		cls.saved_host_name = frappe.local.conf.get("host_name")
		frappe.local.conf.host_name = f"http://127.0.0.1:{cls.assets_server.server_port}"

	@classmethod
	def add_root(cls, title: str, content: bytes, file_name: str):
		file_doc = upload(file_name, content)
		return frappe.get_doc(
			{"doctype": "Trusted Root Certificate", "title": title, "certificate": file_doc.file_url}
		).insert()

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		cls.assets_server.shutdown()
		cls.assets_server.server_close()
		frappe.local.conf.host_name = cls.saved_host_name
		directives = [cls.directive, cls.directive_b]
		frappe.db.delete(signatures.CHECK_TABLE, {"parent": ["in", directives]})
		for name in frappe.get_all("Signed Report", pluck="name", filters={"signed_by": cls.p.officer}):
			delete_files({"attached_to_doctype": "Signed Report", "attached_to_name": name})
			frappe.db.delete("Signed Report", name)
		delete_files({"attached_to_name": ["in", [*directives, cls.final_report]]})
		delete_files({"file_name": ["like", "%thu-nghiem%"]})
		delete_files({"name": cls.certificate_file.name})
		frappe.db.delete("Trusted Root Certificate", {"title": ["like", "%(thử nghiệm)%"]})
		frappe.db.delete("Progress Report", {"task": ["in", [cls.task, cls.task_b]]})
		delete_mail_about("Directive Task", [cls.task, cls.task_b])
		for task in (cls.task, cls.task_b):
			frappe.delete_doc("Directive Task", task, force=True)
		for directive in directives:
			frappe.delete_doc("Directive", directive, force=True)
		settings = frappe.get_single(SETTINGS)
		settings.update({field: cls.saved_settings.get(field) for field in SIGNING_FIELDS})
		settings.save(ignore_permissions=True)
		frappe.db.commit()
		super().tearDownClass()

	def attach(self, file_name: str, content: bytes, directive: str | None = None):
		return upload(file_name, content, "Directive", directive or self.directive)

	# Trusted roots

	def test_root_details_read_from_the_file(self):
		root = frappe.get_doc("Trusted Root Certificate", self.root.name)
		self.assertIn("CN=CA Thử nghiệm Chính phủ", root.subject)
		self.assertEqual(root.subject, root.issuer)
		self.assertEqual(root.fingerprint_sha256, signatures.fingerprint(self.ca.cert))
		self.assertLess(get_datetime(root.valid_from), get_datetime(root.valid_to))
		self.assertTrue(root.enabled)

	def test_der_root_accepted_and_duplicate_refused(self):
		root = self.add_root("Gốc DER (thử nghiệm)", self.other_ca.der, "goc-thu-nghiem.cer")
		try:
			self.assertEqual(root.fingerprint_sha256, signatures.fingerprint(self.other_ca.cert))
			with self.assertRaises(DuplicateRootCertificate):
				self.add_root("Lặp lại (thử nghiệm)", self.ca.der, "lap-thu-nghiem.der")
		finally:
			root.delete()

	def test_bad_certificate_file_refused(self):
		with self.assertRaises(InvalidCertificateFile) as caught:
			self.add_root("Hỏng (thử nghiệm)", b"khong phai chung thu", "hong-thu-nghiem.pem")
		self.assertEqual(caught.exception.http_status_code, 422)
		self.assertFalse(frappe.db.exists("Trusted Root Certificate", {"title": "Hỏng (thử nghiệm)"}))

	def test_bad_certificate_file_over_rest_is_a_4xx(self):
		bad = upload("hong-rest-thu-nghiem.pem", b"khong phai chung thu")
		frappe.db.commit()
		response = self.post(
			self.resource("Trusted Root Certificate"),
			{"title": "Hỏng REST (thử nghiệm)", "certificate": bad.file_url},
			headers={"Authorization": self.token_manager},
		)
		self.assertEqual(response.status_code, 422)
		self.assertIn("PEM", response.json.get("exception", "") + str(response.json.get("_server_messages")))
		self.assertFalse(frappe.db.exists("Trusted Root Certificate", {"title": "Hỏng REST (thử nghiệm)"}))

	# Checking the PDFs attached to a directive

	def test_signed_pdf_with_trusted_chain_is_valid(self):
		file_doc = self.attach("van-ban-da-ky.pdf", self.signed)
		(check,) = checks_of(self.directive, file_doc.name)
		self.assertEqual(check.status, signatures.VALID)
		self.assertEqual(check.signer, "Nguyễn Văn Ký")
		self.assertEqual(check.organisation, "Sở Tài chính tỉnh Thử nghiệm")
		self.assertFalse(check.changed_after_signing)
		self.assertLess(
			abs((get_datetime(check.signing_time) - frappe.utils.now_datetime()).total_seconds()), 600
		)
		self.assertIn("Nguyễn Văn Ký", check.summary)
		# Shown on the file as well.
		self.assertEqual(
			frappe.db.get_value("File", file_doc.name, signatures.FILE_STATUS_FIELD), check.summary
		)
		# Deleting the file takes its rows away.
		file_doc.delete()
		self.assertFalse(checks_of(self.directive, file_doc.name))

	def test_pdf_changed_after_signing_by_an_incremental_update(self):
		file_doc = self.attach("van-ban-bi-sua.pdf", signing_ca.changed_after_signing(self.signed))
		(check,) = checks_of(self.directive, file_doc.name)
		self.assertEqual(check.status, signatures.INVALID)
		self.assertTrue(check.changed_after_signing)
		self.assertEqual(check.signer, "Nguyễn Văn Ký")

	def test_pdf_with_bytes_changed(self):
		tampered = self.signed.replace(b"%PDF-1.3", b"%PDF-1.4", 1)
		self.assertNotEqual(tampered, self.signed)
		file_doc = self.attach("van-ban-sai-byte.pdf", tampered)
		(check,) = checks_of(self.directive, file_doc.name)
		self.assertEqual(check.status, signatures.INVALID)
		self.assertTrue(check.changed_after_signing)

	def test_untrusted_root_not_verified_until_the_root_is_added(self):
		directive = self.directive_b
		file_doc = self.attach("van-ban-ca-la.pdf", signing_ca.signed_pdf(self.stranger), directive)
		(check,) = checks_of(directive, file_doc.name)
		self.assertEqual(check.status, signatures.NOT_VERIFIED)
		self.assertEqual(check.signer, "Lê Văn Lạ")
		self.assertFalse(check.changed_after_signing)

		root = self.add_root("Gốc mới (thử nghiệm)", self.other_ca.pem, "goc-moi-thu-nghiem.pem")
		try:
			frappe.set_user(self.p.officer)
			rows = api.check_directive_signatures(directive)
			self.assertEqual([r.status for r in rows if r.file == file_doc.name], [signatures.VALID])
			# A disabled root is trusted no more.
			frappe.set_user("Administrator")
			root.db_set("enabled", 0)
			frappe.set_user(self.p.officer)
			rows = api.check_directive_signatures(directive)
			self.assertEqual([r.status for r in rows if r.file == file_doc.name], [signatures.NOT_VERIFIED])
		finally:
			frappe.set_user("Administrator")
			root.delete()

	def test_unsigned_pdf(self):
		file_doc = self.attach("van-ban-chua-ky.pdf", signing_ca.blank_pdf())
		(check,) = checks_of(self.directive, file_doc.name)
		self.assertEqual(check.status, signatures.UNSIGNED)
		self.assertFalse(check.signer)

	def test_corrupt_pdf_upload_succeeds_not_verified(self):
		file_doc = self.attach("van-ban-hong.pdf", b"%PDF-1.7\n\x00\x01 day khong phai PDF \xff")
		self.assertTrue(frappe.db.exists("File", file_doc.name))
		(check,) = checks_of(self.directive, file_doc.name)
		self.assertEqual(check.status, signatures.NOT_VERIFIED)
		self.assertIn("malformed", check.summary.lower())
		lang, frappe.local.lang = frappe.local.lang, "en"
		try:
			summary = signatures.summary(signatures.check_pdf(b"%PDF-1.7 x", [])[0])
		finally:
			frappe.local.lang = lang
		self.assertIn("could not be verified", summary)

	def test_received_edxml_package_has_its_pdfs_checked(self):
		"""A package posted over HTTP (the integration platform's way) becomes a directive whose PDFs, in the
		package and in its zip, are checked."""
		from chidao_dieuhanh.tests import edxml_samples as samples

		data = samples.package(
			document_id="000.00.00.H13,2026/11/20,77/UBND-KS",
			code_number="77",
			code_notation="UBND-KS",
			attachments=[
				samples.attachment("77-UBND-KS.pdf", self.signed, "application/pdf"),
				samples.attachment(
					"phu-luc.zip",
					samples.zip_bytes({"Phụ lục.pdf": signing_ca.blank_pdf("Phu luc 77")}),
					"application/zip",
				),
			],
		)
		frappe.db.commit()  # the request's own connection must not wait on this test's rows
		response = make_request(
			target=self.TEST_CLIENT.post,
			args=("/api/method/chidao_dieuhanh.api.edxml.receive",),
			kwargs={
				"data": data,
				"headers": {"Authorization": self.token_officer, "Content-Type": "application/xml"},
			},
		)
		frappe.db.rollback()
		self.assertEqual(response.status_code, 200, response.text)
		directive = response.json["message"]["directive"]
		try:
			# Frappe adds a suffix to a name already on disk.
			checks = {c.file_name[:7]: c.status for c in checks_of(directive)}
			# The package itself (XML) is not a PDF.
			self.assertEqual(checks, {"77-UBND": signatures.VALID, "Phụ lục": signatures.UNSIGNED})
		finally:
			frappe.db.delete(signatures.CHECK_TABLE, {"parent": directive})
			delete_files({"attached_to_name": directive})
			frappe.delete_doc("Directive", directive, force=True)
			frappe.db.commit()

	def test_other_files_and_doctypes_are_not_checked(self):
		self.attach("ghi-chu.txt", b"khong phai PDF")
		upload("bao-cao-khac.pdf", self.signed, "Directive Task", self.task)
		self.assertFalse([c for c in checks_of(self.directive) if c.file_name == "ghi-chu.txt"])
		self.assertFalse(frappe.get_all(signatures.CHECK_TABLE, filters={"parent": self.task}))

	# Signing

	def assert_verifies(self, pdf: bytes, signer: str):
		(result,) = signatures.check_pdf(pdf, [signatures.to_asn1(self.ca.cert)])
		self.assertEqual(result.status, signatures.VALID)
		self.assertEqual(result.signer, signer)
		with signing_ca.NssTrustStore(self.ca) as nss:
			output = nss.pdfsig(pdf)
		self.assertIn("Signature Validation: Signature is Valid.", output)
		self.assertIn("Certificate Validation: Certificate is Trusted.", output)
		self.assertIn("Total document signed", output)

	def pdf_text(self, pdf: bytes) -> str:
		with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
			f.write(pdf)
			f.flush()
			return subprocess.run(
				["pdftotext", f.name, "-"], capture_output=True, text=True, check=True
			).stdout

	def test_agency_head_signs_the_final_progress_report(self):
		frappe.set_user(self.p.head_a)
		answer = api.sign_progress_report(self.final_report)
		frappe.set_user("Administrator")
		file_doc = frappe.get_doc("File", {"file_url": answer["file_url"]})
		self.assertEqual(
			(file_doc.attached_to_doctype, file_doc.attached_to_name), ("Progress Report", self.final_report)
		)
		self.assertTrue(file_doc.is_private)
		pdf = file_doc.get_content()
		self.assert_verifies(pdf, "Trần Thị Văn Phòng")
		text = self.pdf_text(pdf)
		self.assertIn("Trần Thị Văn Phòng", text)  # the visible signature box
		self.assertIn("Chánh Văn phòng", text)
		# The agency's focal point may read it, not change it.
		self.assertTrue(frappe.has_permission("File", "read", file_doc, user=self.p.focal_a))
		self.assertFalse(frappe.has_permission("File", "write", file_doc, user=self.p.focal_a))

	def test_who_may_sign_a_progress_report(self):
		frappe.set_user(self.p.focal_a)  # not the head
		with self.assertRaises(frappe.PermissionError):
			api.sign_progress_report(self.final_report)
		frappe.set_user(self.p.focal_b)  # another agency
		with self.assertRaises(frappe.PermissionError):
			api.sign_progress_report(self.final_report)
		frappe.set_user("Administrator")
		draft = frappe.get_doc(
			{"doctype": "Progress Report", "task": self.task_b, "progress": 20, "content": "Đang làm"}
		).insert()
		frappe.set_user(self.p.officer)
		with self.assertRaises(api.ReportNotSignable):
			api.sign_progress_report(draft.name)

	def test_office_signs_the_official_report(self):
		frappe.set_user(self.p.officer)
		filters = {"from_date": add_days(today(), -60), "to_date": today(), "agency_role": "Lead"}
		answer = api.sign_official_report(frappe.as_json(filters))
		record = frappe.get_doc("Signed Report", answer["name"])
		self.assertEqual(record.report, signatures.OFFICIAL_REPORT)
		self.assertEqual(record.signed_by, self.p.officer)
		self.assertEqual(record.signer, "Trần Thị Văn Phòng")
		frappe.set_user("Administrator")
		pdf = frappe.get_doc("File", {"file_url": record.signed_file}).get_content()
		self.assert_verifies(pdf, "Trần Thị Văn Phòng")
		text = self.pdf_text(pdf)
		self.assertIn("BÁO CÁO", text)
		self.assertIn("Kết quả thực hiện nhiệm vụ", text)
		self.assertIn(self.p.agency_a, text)  # the report's rows
		self.assertIn("CHÁNH VĂN PHÒNG", text)

	def test_signing_in_two_steps_as_a_usb_token_would(self):
		"""The digest is signed outside pyHanko (here by the key itself, as a token's client would)."""
		signer = self.agency_signer.signer()
		pending = signatures.prepare_signature(
			signing_ca.blank_pdf(),
			signer.signing_cert,
			signer.cert_registry,
			signer.get_signature_mechanism_for_digest(signatures.DIGEST_ALGORITHM),
			signatures.SignatureBox(
				"Nguyễn Văn Ký", "Giám đốc", "01/12/2026 08:00:00", signatures.PORTRAIT_BOX
			),
			signed_at=datetime.now(timezone.utc),
		)
		pdf = signatures.finish_signature(pending, self.agency_signer.sign_raw(pending.data_to_sign))
		self.assert_verifies(pdf, "Nguyễn Văn Ký")

	def test_wrong_certificate_password_refused(self):
		settings = frappe.get_single(SETTINGS)
		settings.signing_certificate_password = "sai-mat-khau"
		with self.assertRaises(signatures.InvalidSigningCertificate):
			settings.save(ignore_permissions=True)
		settings.reload()
		self.assertIn("Trần Thị Văn Phòng", settings.signing_certificate_subject)

	# Who sees and does what

	def test_agency_user_cannot_sign_the_official_report_nor_read_office_records(self):
		frappe.set_user(self.p.head_a)
		with self.assertRaises(frappe.PermissionError):
			api.sign_official_report("{}")
		with self.assertRaises(frappe.PermissionError):
			api.check_directive_signatures(self.directive)
		for doctype in ("Signed Report", "Trusted Root Certificate"):
			self.assertFalse(frappe.has_permission(doctype, "read"))
		self.assertFalse(frappe.has_permission("Trusted Root Certificate", "read", self.root.name))
		frappe.set_user(self.p.officer)  # the office reads signed reports, not the roots
		self.assertTrue(frappe.has_permission("Signed Report", "read"))
		self.assertFalse(frappe.has_permission("Trusted Root Certificate", "read"))

	def test_who_signs_is_the_signed_reports_create_right(self):
		frappe.set_user(self.p.leader)  # reads signed reports, may not sign one
		self.assertTrue(frappe.has_permission("Signed Report", "read"))
		with self.assertRaises(frappe.PermissionError):
			api.sign_official_report("{}")
		frappe.set_user(self.p.officer)  # may sign, but not type a signed report in
		self.assertTrue(frappe.has_permission("Signed Report", "create"))
		forged = frappe.get_doc({"doctype": "Signed Report", "report": signatures.OFFICIAL_REPORT})
		with self.assertRaises(SignedReportNotSigned):
			forged.insert()

	def test_signed_report_not_typed_in_over_rest(self):
		token = api_token(self.p.officer)
		frappe.db.commit()
		before = frappe.db.count("Signed Report")
		response = self.post(
			self.resource("Signed Report"),
			{"report": signatures.OFFICIAL_REPORT, "signer": "Giả mạo", "period": "Quý I/2026"},
			headers={"Authorization": token},
		)
		self.assertEqual(response.status_code, 403)
		frappe.db.rollback()
		self.assertEqual(frappe.db.count("Signed Report"), before)

	def test_signing_certificate_file_only_for_who_manages_the_settings(self):
		file_doc = frappe.get_doc("File", self.certificate_file.name)
		file_doc.db_set({"attached_to_doctype": SETTINGS, "attached_to_name": SETTINGS})
		file_doc.reload()
		self.assertFalse(frappe.has_permission("File", "read", file_doc, user=self.p.officer))
		self.assertFalse(frappe.has_permission("File", "read", file_doc, user=self.p.focal_a))
		self.assertTrue(frappe.has_permission("File", "read", file_doc, user=self.p.manager))

	def test_signature_rows_listed_only_with_their_directive(self):
		self.attach("van-ban-b.pdf", self.signed, self.directive_b)
		frappe.set_user(self.p.focal_a)
		rows = frappe.get_list(
			signatures.CHECK_TABLE, fields=["parent"], parent_doctype="Directive", limit_page_length=0
		)
		self.assertNotIn(self.directive_b, {r.parent for r in rows})

	def test_rest_refuses_agency_users(self):
		headers = {"Authorization": self.token_a}
		for doctype in ("Signed Report", "Trusted Root Certificate"):
			response = self.get(self.resource(doctype), headers=headers)
			self.assertEqual(response.status_code, 403, doctype)
			response = self.get(self.resource(doctype, self.root.name), headers=headers)
			self.assertIn(response.status_code, (403, 404), doctype)
		response = self.post(
			self.method("chidao_dieuhanh.api.signatures.sign_official_report"),
			{"filters": "{}"},
			headers=headers,
		)
		self.assertEqual(response.status_code, 403)
		response = self.post(
			self.method("chidao_dieuhanh.api.signatures.sign_progress_report"),
			{"name": self.final_report},
			headers=headers,
		)
		self.assertEqual(response.status_code, 403)
		frappe.db.commit()
