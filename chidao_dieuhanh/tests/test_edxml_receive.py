# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt
"""Receiving edXML packages over HTTP (chidao_dieuhanh.api.edxml.receive): a package becomes a directive
with its attachments and the package kept as private files; the same document twice is a 409, also when
two arrive at once; every bad package is a 4xx with nothing saved; the integration user can do nothing
else, and agency users cannot receive."""

import io
import json
import os
from datetime import date

import frappe
from frappe.tests.test_api import FrappeAPITestCase, ThreadWithReturnValue, make_request
from frappe.utils import get_site_path

from chidao_dieuhanh.api.edxml import INTEGRATION_ROLE
from chidao_dieuhanh.chidao_dieuhanh.doctype.agency.agency import InvalidOrganId
from chidao_dieuhanh.tests import edxml_samples as samples
from chidao_dieuhanh.tests.factories import ProvinceTestCase, make_agency, make_user
from chidao_dieuhanh.tests.test_permissions import api_token

RECEIVE = "chidao_dieuhanh.api.edxml.receive"
RECEIVE_PATH = f"/api/method/{RECEIVE}"
PROVINCE = "Z98"  # a province code no real or demo agency has
SENDER_ID = f"999.99.00.{PROVINCE}"
SENDER = "Test edXML Sender"
INTEGRATION_USER = "edxml.integration@test.chidao.vn"
LEADER_NAME = "Lãnh Đạo Thử Edxml"


def content(file) -> bytes:
	with open(frappe.get_doc("File", file.name).get_full_path(), "rb") as stored:
		return stored.read()


def document_id(number: str) -> str:
	return f"{SENDER_ID},2026/11/20,{number}/UBND-KT"


class TestEdxmlReceive(ProvinceTestCase, FrappeAPITestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		p = cls.p
		make_agency(SENDER)
		cls.organ_ids = {
			SENDER: SENDER_ID,
			p.agency_a_sub: f"999.99.01.{PROVINCE}",
			p.agency_b: f"999.99.02.{PROVINCE}",
		}
		for agency, organ_id in cls.organ_ids.items():
			frappe.db.set_value("Agency", agency, "organ_id", organ_id)
		cls.recipients = (
			(cls.organ_ids[p.agency_a_sub], "Phòng A1"),
			(cls.organ_ids[p.agency_b], "Sở B"),
			(f"999.99.55.{PROVINCE}", "Cơ quan chưa có trong danh mục"),
		)
		make_user(INTEGRATION_USER, INTEGRATION_ROLE)
		cls.leader = make_user("edxml.leader@test.chidao.vn", "Leader")
		frappe.db.set_value("User", cls.leader, {"first_name": LEADER_NAME, "full_name": LEADER_NAME})
		cls.token = api_token(INTEGRATION_USER)
		cls.token_officer = api_token(p.officer)
		cls.token_focal = api_token(p.focal_b)
		frappe.db.commit()
		cls.received = cls.post(samples.package(**cls.full_package_args()))

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		directives = frappe.get_all(
			"Directive", filters={"edxml_document_id": ["like", f"{SENDER_ID},%"]}, pluck="name"
		)
		directives += frappe.get_all(
			"Directive", filters={"sender_organ_id": ["like", f"%{PROVINCE}"]}, pluck="name"
		)
		for name in set(directives):
			frappe.delete_doc("Directive", name, force=True, ignore_permissions=True)
		for agency in cls.organ_ids:
			frappe.db.set_value("Agency", agency, "organ_id", None)
		frappe.delete_doc("Agency", SENDER, force=True)
		frappe.db.commit()
		super().tearDownClass()

	@classmethod
	def full_package_args(cls, number: str = "1775") -> dict:
		return {
			"document_id": document_id(number),
			"code_number": number,
			"sender": (SENDER_ID, "Ủy ban nhân dân tỉnh thử"),
			"recipients": cls.recipients,
			"signer": ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", LEADER_NAME),
		}

	@classmethod
	def post(
		cls, data: bytes, token: str | None = None, as_file: str | None = None, path: str = RECEIVE_PATH
	):
		headers = {"Authorization": token or cls.token}
		if as_file:
			kwargs = {"data": {"file": (io.BytesIO(data), as_file)}, "headers": headers}
		else:
			kwargs = {"data": data, "headers": {**headers, "Content-Type": "application/xml"}}
		response = make_request(target=cls.TEST_CLIENT.post, args=(path,), kwargs=kwargs)
		frappe.db.rollback()  # see what the request committed
		return response

	def counts(self) -> tuple[int, int, int]:
		private = get_site_path("private", "files")
		return frappe.db.count("Directive"), frappe.db.count("File"), len(os.listdir(private))

	# A package received

	def test_full_package_becomes_a_directive(self):
		self.assertEqual(self.received.status_code, 200, self.received.text)
		answer = self.received.json["message"]
		self.assertEqual(answer["attachments"], 3)
		doc = frappe.get_doc("Directive", answer["directive"])
		expected = {
			"source_type": "Official Document",
			"document_number": "1775/UBND-KT",
			"document_type": "Official Letter",
			"issue_date": date(2026, 11, 20),
			"summary": "Về việc rà soát kế hoạch vốn đầu tư công năm 2027",
			"signer": f"{LEADER_NAME} (KT. CHỦ TỊCH, PHÓ CHỦ TỊCH)",
			"directing_leader": self.leader,
			"urgency": "Urgent",
			"due_date": date(2027, 1, 15),
			"document_content": samples.CONTENT,
			"sender_agency": SENDER,
			"sender_organ_id": SENDER_ID,
			"sender_name": "Ủy ban nhân dân tỉnh thử",
			"edxml_document_id": document_id("1775"),
			"directive_status": "No Task",
			"owner": INTEGRATION_USER,
		}
		self.assertEqual({field: doc.get(field) for field in expected}, expected)
		self.assertEqual(
			[row.agency for row in doc.recipient_agencies], [self.p.agency_a_sub, self.p.agency_b]
		)
		self.assertTrue(doc.received_on)
		self.assertEqual(frappe.db.count("Directive Task", {"directive": doc.name}), 0)

	def test_attachments_and_package_are_private_files_of_the_directive(self):
		name = self.received.json["message"]["directive"]
		doc = frappe.get_doc("Directive", name)
		files = frappe.get_all(
			"File",
			filters={"attached_to_doctype": "Directive", "attached_to_name": name},
			fields=["name", "file_name", "file_url", "is_private", "attached_to_field"],
			order_by="creation",
		)
		self.assertEqual(
			sorted(f.file_name for f in files),
			sorted(["1775-UBND-KT.pdf", "Phụ lục 1.pdf", "bang-tong-hop.txt", f"edxml-{name}.xml"]),
		)
		self.assertTrue(all(f.is_private and f.file_url.startswith("/private/files/") for f in files))
		by_name = {f.file_name: f for f in files}
		self.assertEqual(doc.attachment, by_name["1775-UBND-KT.pdf"].file_url)
		self.assertEqual(doc.edxml_package, by_name[f"edxml-{name}.xml"].file_url)
		self.assertEqual(by_name[f"edxml-{name}.xml"].attached_to_field, "edxml_package")
		self.assertEqual(content(by_name[f"edxml-{name}.xml"]), samples.package(**self.full_package_args()))
		# The PDF is an ordinary File, its content as sent, for File hooks and downloads like any upload.
		pdf = frappe.get_doc("File", by_name["1775-UBND-KT.pdf"].name)
		self.assertEqual(content(pdf), samples.pdf_bytes("Cong van 1775"))
		self.assertTrue(pdf.file_url.endswith(".pdf"))
		checks = frappe.get_all(
			"Directive Signature Check", filters={"parent": name, "parenttype": "Directive"}, pluck="file"
		)
		self.assertEqual(
			sorted(checks), sorted([pdf.name, by_name["Phụ lục 1.pdf"].name])
		)  # both PDFs checked
		self.assertEqual(content(by_name["bang-tong-hop.txt"]), "Bảng tổng hợp".encode())

	def test_same_document_twice_is_409_naming_the_directive(self):
		before = self.counts()
		response = self.post(samples.package(**self.full_package_args()))
		self.assertEqual(response.status_code, 409, response.text)
		self.assertIn(self.received.json["message"]["directive"], response.text)
		self.assertEqual(self.counts(), before)

	def test_same_document_at_once_is_received_once(self):
		data = samples.package(**self.full_package_args("1776"))
		kwargs = {"data": data, "headers": {"Authorization": self.token, "Content-Type": "application/xml"}}
		threads = [
			ThreadWithReturnValue(target=self.TEST_CLIENT.post, args=(RECEIVE_PATH,), kwargs=kwargs)
			for _ in range(2)
		]
		for thread in threads:
			thread.start()
		for thread in threads:
			thread.join()
		frappe.db.rollback()
		responses = sorted((thread._return for thread in threads), key=lambda r: r.status_code)
		self.assertEqual([r.status_code for r in responses], [200, 409], [r.text for r in responses])
		self.assertIn(responses[0].json["message"]["directive"], responses[1].text)
		self.assertEqual(frappe.db.count("Directive", {"edxml_document_id": document_id("1776")}), 1)

	def test_uploaded_file_field_and_other_forms(self):
		data = samples.package(
			**{**self.full_package_args("1777"), "sender": (SENDER_ID, "UBND")},
			prefix=False,
			namespace=False,
			promulgation_date="20/11/2026",
			priority="3",
			document_type=("1", "", "Quyết định"),
		)
		response = self.post(data, as_file="goi-1777.xml")
		self.assertEqual(response.status_code, 200, response.text)
		doc = frappe.get_doc("Directive", response.json["message"]["directive"])
		self.assertEqual(
			(doc.document_number, doc.issue_date, doc.urgency, doc.document_type),
			("1777/UBND-KT", date(2026, 11, 20), "Flash", "Decision"),
		)
		self.assertEqual(
			frappe.db.get_value("File", {"file_url": doc.edxml_package}, "file_name"), "goi-1777.xml"
		)

	def test_unknown_sender_and_types_still_received(self):
		data = samples.package(
			document_id="",
			code_number="1778",
			sender=(f"999.99.66.{PROVINCE}", "Sở chưa có trong danh mục"),
			recipients=(),
			document_type=("2", "", "Tờ trình"),
			signer=None,
			attachments=[samples.attachment(None, samples.pdf_bytes(), "application/pdf")],
		)
		response = self.post(data)
		self.assertEqual(response.status_code, 200, response.text)
		doc = frappe.get_doc("Directive", response.json["message"]["directive"])
		self.assertIsNone(doc.sender_agency)
		self.assertEqual(
			(doc.sender_organ_id, doc.sender_name, doc.document_type, doc.signer, doc.directing_leader),
			(f"999.99.66.{PROVINCE}", "Sở chưa có trong danh mục", "Other", None, None),
		)
		# No DocumentId: the standard's composition of it, so that a second sending is still recognised.
		self.assertEqual(doc.edxml_document_id, f"999.99.66.{PROVINCE},2026/11/20,1778/UBND-KT")
		self.assertEqual(self.post(data).status_code, 409)
		self.assertEqual(
			frappe.db.get_value("File", {"file_url": doc.attachment}, "file_name"), "attachment-1.pdf"
		)

	def test_document_types_follow_the_office_mapping(self):
		settings = frappe.get_single("Directive Settings")
		settings.append(
			"edxml_document_types", {"edxml_code": "77", "edxml_name": "", "document_type": "Plan"}
		)
		settings.save()
		frappe.db.commit()
		try:
			response = self.post(
				samples.package(**self.full_package_args("1779"), document_type=("2", "77", "Công văn"))
			)
		finally:
			settings.reload()
			settings.edxml_document_types = [r for r in settings.edxml_document_types if r.edxml_code != "77"]
			settings.save()
			frappe.db.commit()
		self.assertEqual(response.status_code, 200, response.text)
		self.assertEqual(
			frappe.db.get_value("Directive", response.json["message"]["directive"], "document_type"), "Plan"
		)

	# Bad packages

	def test_bad_packages_get_4xx_and_nothing_saved(self):
		bad_base64 = samples.package(
			**self.full_package_args("1780"),
			attachments=[samples.attachment("a.pdf", b"x", "application/pdf")],
		).replace(b"eA==", b"e")
		broken_zip = samples.package(
			**self.full_package_args("1781"),
			attachments=[samples.attachment("a.zip", b"PK\x03\x04broken", "application/zip")],
		)
		cases = {
			"not XML": (samples.NOT_XML, 400),
			"not edXML": (samples.NOT_EDXML, 400),
			"truncated": (samples.package(**self.full_package_args("1782"))[:-30], 400),
			"XXE": (samples.XXE, 400),
			"billion laughs": (samples.BILLION_LAUGHS, 400),
			"empty body": (b"", 400),
			"bad base64": (bad_base64, 400),
			"broken zip": (broken_zip, 400),
			"issue date in the future": (
				samples.package(**self.full_package_args("1783"), promulgation_date="2099/01/01"),
				417,
			),
		}
		before = self.counts()
		for case, (data, status) in cases.items():
			with self.subTest(case):
				response = self.post(data)
				self.assertEqual(response.status_code, status, response.text)
				self.assertTrue(json.loads(response.json["_server_messages"]), "a message says why")
				self.assertNotIn("root:", response.text)  # /etc/passwd was not read
		self.assertEqual(self.counts(), before)

	def test_package_over_the_limit_gets_413_before_it_is_read(self):
		frappe.db.set_single_value("Directive Settings", "edxml_max_package_mb", 1)
		frappe.db.commit()
		before = self.counts()
		try:
			response = self.post(samples.large_package(1_200_000, **self.full_package_args("1784")))
			as_file = self.post(
				samples.large_package(1_200_000, **self.full_package_args("1785")), as_file="x.xml"
			)
		finally:
			frappe.db.set_single_value("Directive Settings", "edxml_max_package_mb", 30)
			frappe.db.commit()
		self.assertEqual((response.status_code, as_file.status_code), (413, 413), response.text)
		self.assertIn("1 MB", response.text)
		self.assertEqual(self.counts(), before)

	def test_failure_after_files_were_written_leaves_none(self):
		"""A file refused by Frappe's own limit (System Settings, Max File Size) after the directive and a
		first file were written: the transaction is rolled back and Frappe removes the written file."""
		previous = frappe.db.get_single_value("System Settings", "max_file_size")
		frappe.db.set_single_value("System Settings", "max_file_size", 1)
		frappe.clear_document_cache("System Settings", "System Settings")
		frappe.db.commit()
		before = self.counts()
		try:
			response = self.post(
				samples.package(
					**self.full_package_args("1788"),
					attachments=[
						samples.attachment("nho.pdf", samples.pdf_bytes("nho"), "application/pdf"),
						samples.attachment(
							"lon.pdf", samples.pdf_bytes("lon", padding=1_200_000), "application/pdf"
						),
					],
				)
			)
		finally:
			frappe.db.set_single_value("System Settings", "max_file_size", previous)
			frappe.clear_document_cache("System Settings", "System Settings")
			frappe.db.commit()
		self.assertEqual(response.status_code, 417, response.text)
		self.assertEqual(self.counts(), before)
		self.assertFalse(frappe.db.exists("Directive", {"edxml_document_id": document_id("1788")}))

	# Who may receive

	def test_integration_user_can_do_nothing_else(self):
		directive = self.received.json["message"]["directive"]
		received_file = frappe.db.get_value(
			"File", {"file_url": frappe.db.get_value("Directive", directive, "attachment")}
		)
		get = lambda path: make_request(  # noqa: E731
			target=self.TEST_CLIENT.get, args=(path,), kwargs={"headers": {"Authorization": self.token}}
		)
		for path in (
			self.resource("Directive"),
			self.resource("Directive", directive),
			self.resource("Directive Task"),
			self.resource("Agency"),
			self.resource("File", received_file),
		):
			with self.subTest(path=path):
				self.assertEqual(get(path).status_code, 403)
		# Frappe lets every user list the files it owns: not those of the directives it made.
		listed = get(self.resource("File") + '?fields=["attached_to_name"]&limit_page_length=0')
		self.assertEqual(listed.status_code, 200)
		self.assertNotIn(directive, [row["attached_to_name"] for row in listed.json["data"]])
		response = make_request(
			target=self.TEST_CLIENT.post,
			args=(self.resource("Directive"),),
			kwargs={
				"json": {"summary": "x", "issue_date": "2026-11-20", "source_type": "Official Document"},
				"headers": {"Authorization": self.token},
			},
		)
		self.assertEqual(response.status_code, 403)
		self.assertFalse(frappe.has_permission("Directive", "read", user=INTEGRATION_USER))
		self.assertFalse(frappe.has_permission("File", "read", doc=received_file, user=INTEGRATION_USER))

	def test_agency_user_cannot_receive(self):
		before = self.counts()
		response = self.post(samples.package(**self.full_package_args("1786")), token=self.token_focal)
		self.assertEqual(response.status_code, 403, response.text)
		self.assertEqual(self.counts(), before)

	def test_office_user_imports_from_the_desk(self):
		"""The desk's Import edXML: Frappe's upload_file with the method."""
		response = make_request(
			target=self.TEST_CLIENT.post,
			args=(self.method("upload_file"),),
			kwargs={
				"data": {
					"file": (io.BytesIO(samples.package(**self.full_package_args("1787"))), "cv-1787.xml"),
					"method": RECEIVE,
					"is_private": "1",
				},
				"headers": {"Authorization": self.token_officer},
			},
		)
		frappe.db.rollback()
		self.assertEqual(response.status_code, 200, response.text)
		doc = frappe.get_doc("Directive", response.json["message"]["directive"])
		self.assertEqual((doc.document_number, doc.owner), ("1787/UBND-KT", self.p.officer))
		self.assertEqual(
			frappe.db.get_value("File", {"file_url": doc.edxml_package}, "file_name"), "cv-1787.xml"
		)

	def test_directive_list_offers_import_edxml(self):
		response = make_request(
			target=self.TEST_CLIENT.get,
			args=(self.method("frappe.desk.form.load.getdoctype"),),
			kwargs={
				"query_string": {"doctype": "Directive"},
				"headers": {"Authorization": self.token_officer},
			},
		)
		self.assertEqual(response.status_code, 200, response.text)
		list_js = response.json["docs"][0]["__list_js"]
		self.assertIn('__("Import edXML")', list_js)
		self.assertIn(RECEIVE, list_js)

	def test_recipient_rows_are_seen_with_their_directive(self):
		directive = self.received.json["message"]["directive"]

		def listed_parents(token: str) -> list[str]:
			response = make_request(
				target=self.TEST_CLIENT.get,
				args=(self.resource("Directive Recipient"),),
				kwargs={
					"query_string": {
						"parent": "Directive",
						"fields": '["parent", "agency"]',
						"limit_page_length": 0,
					},
					"headers": {"Authorization": token},
				},
			)
			self.assertEqual(response.status_code, 200, response.text)
			return [row["parent"] for row in response.json["data"]]

		self.assertNotIn(directive, listed_parents(self.token_focal))
		self.assertIn(directive, listed_parents(self.token_officer))

	# The agencies' electronic ID codes

	def test_organ_id_is_format_checked_and_unique(self):
		agency = frappe.get_doc("Agency", SENDER)
		agency.organ_id = "H13.000"
		self.assertRaises(InvalidOrganId, agency.save)
		agency.reload()
		agency.organ_id = f" 999.99.00.{PROVINCE.lower()} "
		agency.save()
		self.assertEqual(agency.organ_id, SENDER_ID)
		other = frappe.get_doc("Agency", self.p.agency_b)
		other.organ_id = SENDER_ID
		self.assertRaises(frappe.UniqueValidationError, other.save)
		frappe.db.rollback()
