# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt
"""Attacks on issue 11's surfaces, over HTTP, that once succeeded: the signing certificate downloaded by a
tracking officer, received files downloaded by the integration user, an edXML attachment served as a page
with its script, hostile packages and task lines answered with a server error."""

import io
import json
import os

import frappe
from frappe.tests.test_api import FrappeAPITestCase, make_request
from frappe.utils import get_site_path

from chidao_dieuhanh.api.edxml import INTEGRATION_ROLE
from chidao_dieuhanh.tests import edxml_samples as samples
from chidao_dieuhanh.tests.factories import ProvinceTestCase, make_directive, make_user
from chidao_dieuhanh.tests.test_permissions import api_token

RECEIVE_PATH = "/api/method/chidao_dieuhanh.api.edxml.receive"
CREATE_TASKS_PATH = "/api/method/chidao_dieuhanh.api.directive_tasks.create_tasks"
INTEGRATION_USER = "attack11.integration@test.chidao.vn"
SENDER_ID = "999.97.00.Z97"
SCRIPT_PAGE = b'<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(document.cookie)</script></html>'
EMOJI_TEXT = "\U0001f600" * 20_000  # 20,000 characters, 80,000 bytes: over a text column's 65,535


def document_id(number: str) -> str:
	return f"{SENDER_ID},2026/11/20,{number}/UBND-KT"


class TestAttackIssue11(ProvinceTestCase, FrappeAPITestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		p = cls.p
		make_user(INTEGRATION_USER, INTEGRATION_ROLE)
		cls.tokens = {user: api_token(user) for user in (INTEGRATION_USER, p.officer, p.manager)}
		cls.certificate = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "attack11-certificate.p12",
				"attached_to_doctype": "Directive Settings",
				"attached_to_name": "Directive Settings",
				"is_private": 1,
				"content": b"not really a PKCS#12, only its place",
			}
		).insert(ignore_permissions=True)
		cls.directive = make_directive(summary="Attack 11 directive", document_number="11/UBND-ATK")
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		received = frappe.get_all(
			"Directive", filters={"edxml_document_id": ["like", f"{SENDER_ID},%"]}, pluck="name"
		)
		for name in [*received, cls.directive]:
			frappe.delete_doc("Directive", name, force=True, ignore_permissions=True)
		frappe.delete_doc("File", cls.certificate.name, force=True, ignore_permissions=True)
		frappe.db.commit()
		super().tearDownClass()

	def request(self, method: str, path: str, user: str, **kwargs):
		headers = {"Authorization": self.tokens[user], **kwargs.pop("headers", {})}
		target = getattr(self.TEST_CLIENT, method)
		response = make_request(target=target, args=(path,), kwargs={"headers": headers, **kwargs})
		frappe.db.rollback()  # see what the request committed
		return response

	def receive(self, data: bytes):
		return self.request(
			"post", RECEIVE_PATH, INTEGRATION_USER, data=data, headers={"Content-Type": "application/xml"}
		)

	def package(self, number: str, **kwargs) -> bytes:
		return samples.package(document_id=document_id(number), code_number=number, **kwargs)

	def counts(self) -> tuple[int, int, int]:
		private = get_site_path("private", "files")
		return frappe.db.count("Directive"), frappe.db.count("File"), len(os.listdir(private))

	# Private files

	def test_signing_certificate_downloaded_only_by_who_reads_the_settings_level_1(self):
		url = self.certificate.file_url
		self.assertEqual(self.request("get", url, self.p.officer).status_code, 403)
		self.assertEqual(self.request("get", url, self.p.manager).status_code, 200)

	def test_integration_user_does_not_download_the_files_it_delivered(self):
		response = self.receive(self.package("9101"))
		self.assertEqual(response.status_code, 200, response.text)
		directive = response.json["message"]["directive"]
		url = frappe.db.get_value("Directive", directive, "attachment")
		self.assertEqual(frappe.db.get_value("File", {"file_url": url}, "owner"), INTEGRATION_USER)
		self.assertEqual(self.request("get", url, INTEGRATION_USER).status_code, 403)
		self.assertEqual(self.request("get", url, self.p.officer).status_code, 200)

	# Attachments a browser would run

	def test_attachment_served_as_a_page_is_kept_as_text(self):
		attachments = [
			samples.attachment(name, SCRIPT_PAGE + (name or "unnamed").encode(), content_type)
			for name, content_type in (
				("phu-luc.xhtml", "application/xhtml+xml"),
				("phu-luc.shtml", None),
				(None, "application/xhtml+xml"),
			)
		]
		archive = samples.zip_bytes({"trong-zip.xht": SCRIPT_PAGE + b"zip", "rong.txt": b""})
		attachments.append(samples.attachment("kem.zip", archive, "application/zip"))
		response = self.receive(self.package("9102", attachments=attachments))
		self.assertEqual(response.status_code, 200, response.text)
		directive = response.json["message"]["directive"]
		self.assertEqual(response.json["message"]["attachments"], 4)  # the empty file in the zip left out
		files = frappe.get_all(
			"File",
			filters={"attached_to_doctype": "Directive", "attached_to_name": directive},
			fields=["file_name", "file_url"],
		)
		names = sorted(f.file_name for f in files)
		self.assertEqual(
			names,
			sorted(
				[
					"phu-luc.xhtml.txt",
					"phu-luc.shtml.txt",
					"attachment-3.xhtml.txt",
					"trong-zip.xht.txt",
					f"edxml-{directive}.xml",
				]
			),
		)
		for file in files:
			served = self.request("get", file.file_url, self.p.officer)
			self.assertEqual(served.status_code, 200)
			self.assertNotIn("html", served.headers["Content-Type"])

	def test_tasks_proposed_from_a_received_pdf_carry_no_markup(self):
		text = "1. Giao Test Department A chu tri <img src=x onerror=alert(document.domain)> trong thang 12/2099."
		attachments = [samples.attachment("vb.pdf", samples.pdf_bytes(text), "application/pdf")]
		received = self.receive(self.package("9107", content=None, attachments=attachments))
		self.assertEqual(received.status_code, 200, received.text)
		proposed = self.request(
			"post",
			"/api/method/chidao_dieuhanh.api.directive_tasks.propose_tasks",
			self.p.officer,
			json={"directive": received.json["message"]["directive"]},
		)
		self.assertEqual(proposed.status_code, 200, proposed.text)
		self.assertTrue(proposed.json["message"]["source"].endswith(".pdf"))  # the PDF, not the package
		(task,) = proposed.json["message"]["tasks"]
		self.assertIn("Test Department A chu tri", task["content"])
		self.assertNotIn("onerror", task["content"])

	# Hostile packages: a 4xx or a directive, never a server error

	def test_empty_or_undecodable_attachment_is_refused_and_nothing_saved(self):
		before = self.counts()
		response = self.receive(
			self.package("9103", attachments=[samples.attachment("a.pdf", b"", "application/pdf")])
		)
		self.assertEqual(response.status_code, 400, response.text)
		self.assertIn("a.pdf", response.json["exception"])
		self.assertEqual(self.counts(), before)

	def test_too_many_files_in_a_package_are_refused(self):
		archive = samples.zip_bytes({f"{number}.txt": str(number).encode() for number in range(501)})
		before = self.counts()
		response = self.receive(
			self.package("9104", attachments=[samples.attachment("nhieu.zip", archive, "application/zip")])
		)
		self.assertEqual(response.status_code, 400, response.text)
		self.assertIn("at most 500", response.json["exception"])
		self.assertEqual(self.counts(), before)

	def test_overlong_subject_and_content_are_clipped_to_their_columns(self):
		for number, kwargs in (
			("9105", {"subject": "S" * 100_000}),
			("9106", {"subject": EMOJI_TEXT, "content": EMOJI_TEXT}),
		):
			with self.subTest(number=number):
				response = self.receive(self.package(number, **kwargs))
				self.assertEqual(response.status_code, 200, response.text)
				doc = frappe.get_doc("Directive", response.json["message"]["directive"])
				self.assertLessEqual(len(doc.summary), 20_000)
				self.assertLessEqual(len(doc.summary.encode()), 65_535)
				self.assertLessEqual(len((doc.document_content or "").encode()), 65_535)

	# Bad input elsewhere

	def test_task_lines_not_json_or_too_many_bytes_are_4xx_and_nothing_created(self):
		before = frappe.db.count("Directive Task", {"directive": self.directive})
		not_json = self.request(
			"post",
			CREATE_TASKS_PATH,
			self.p.officer,
			json={"directive": self.directive, "tasks": "not json"},
		)
		self.assertEqual(not_json.status_code, 400, not_json.text)
		line = {"content": EMOJI_TEXT, "lead_agency": self.p.agency_a, "deadline": "2099-01-01"}
		emoji = self.request(
			"post", CREATE_TASKS_PATH, self.p.officer, json={"directive": self.directive, "tasks": [line]}
		)
		self.assertEqual(emoji.status_code, 400, emoji.text)
		self.assertIn("bytes", emoji.json["exception"])
		self.assertEqual(frappe.db.count("Directive Task", {"directive": self.directive}), before)

	def test_rest_text_over_its_column_bytes_is_400(self):
		response = self.request(
			"put",
			f"/api/resource/Directive/{self.directive}",
			self.p.manager,
			data=json.dumps({"summary": EMOJI_TEXT}),
			headers={"Content-Type": "application/json"},
		)
		self.assertIn(response.status_code, (400, 417), response.text)
		self.assertIn("bytes", response.json["exception"])
		self.assertEqual(frappe.db.get_value("Directive", self.directive, "summary"), "Attack 11 directive")

	def test_app_method_without_a_required_argument_is_400(self):
		for path, body in (
			(CREATE_TASKS_PATH, {"directive": self.directive}),
			("/api/method/chidao_dieuhanh.api.directive_tasks.propose_tasks", {}),
			("/api/method/chidao_dieuhanh.api.signatures.sign_progress_report", {}),
		):
			with self.subTest(path=path):
				response = self.request("post", path, self.p.officer, json=body)
				self.assertEqual(response.status_code, 400, response.text)
				self.assertIn("Missing argument", response.json["exception"])

	def test_integration_user_stores_files_only_inside_packages(self):
		before = self.counts()
		response = self.request(
			"post",
			"/api/method/upload_file",
			INTEGRATION_USER,
			data={"is_private": 1, "file": (io.BytesIO(b"%PDF-1.4 kho chua"), "kho.pdf")},
		)
		self.assertEqual(response.status_code, 403, response.text)
		self.assertEqual(self.counts(), before)

	def test_subject_of_markup_only_falls_back_to_the_document_number(self):
		response = self.receive(self.package("9121", subject="<img src=x onerror=alert(1)>"))
		self.assertEqual(response.status_code, 200, response.text)
		doc = frappe.get_doc("Directive", response.json["message"]["directive"])
		self.assertEqual(doc.summary, "9121/UBND-KT")
