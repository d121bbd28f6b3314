"""What the mail tests read and check: the e-mails queued about a document, and whether a body names its
source document and ends with the office's sender line (mail_context.py, templates/emails/macros.html)."""

import email
import email.policy
import html
import re

import frappe

from chidao_dieuhanh.mail_context import TITLE_FIELD

# Directive Settings → Issuing Office of the tests.
OFFICE = {
	"province_name": "Tỉnh Hòa An",
	"issuing_authority": "Ủy ban nhân dân tỉnh Hòa An",
	"office_name": "Văn phòng Ủy ban nhân dân tỉnh Hòa An",
	"office_address": "Số 8 đường Lê Lợi, phường Hòa An, tỉnh Hòa An",
	"office_phone": "0270 3822 456",
	"office_email": "vanphong@hoaan.gov.vn",
	"place_name": "Hòa An",
}
SENDER_FIELDS = ("office_name", "office_address", "office_phone", "office_email")

# The source document of the tests' tasks, and how the e-mails write it.
SOURCE = {
	"document_number": "2468/UBND-KT",
	"document_type": "Official Letter",
	"issue_date": "2026-01-06",
	"summary": "Đẩy nhanh tiến độ giải ngân vốn đầu tư công năm 2026",
}
SOURCE_SHOWN = ("Công văn số 2468/UBND-KT ngày 06/01/2026",)


def set_issuing_office(**values) -> None:
	for field, value in {**OFFICE, **values}.items():
		frappe.db.set_single_value("Directive Settings", field, value)


def name_user(user: str, full_name: str, title: str | None = None) -> None:
	"""Gives a test user a Vietnamese full name and an official title (inside the test's transaction)."""
	frappe.db.set_value(
		"User", user, {"first_name": full_name, "last_name": None, "full_name": full_name, TITLE_FIELD: title}
	)
	frappe.local.fullnames = {}


def queued_mails(doctype: str, name: str) -> list[dict]:
	"""Subject and decoded HTML and text parts of every e-mail queued about a document."""
	mails = []
	for raw in frappe.get_all(
		"Email Queue",
		filters={"reference_doctype": doctype, "reference_name": name},
		pluck="message",
		order_by="creation asc",
	):
		mime = email.message_from_string(raw, policy=email.policy.default)
		parts = {p.get_content_type(): p.get_content() for p in mime.walk() if not p.is_multipart()}
		mails.append(
			{
				"subject": str(mime["Subject"]),
				"html": parts.get("text/html", ""),
				"text": parts.get("text/plain", ""),
			}
		)
	return mails


def read(markup: str) -> str:
	"""The HTML as it reads: tags dropped, entities decoded, spaces collapsed (for looking for phrases)."""
	return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


class MailChecks:
	"""Assertions on an e-mail's HTML body (a mixin of the tests' cases)."""

	def assertNamesSource(self, markup, shown=SOURCE_SHOWN, summary=None, leader=None, what=""):
		"""The body names the source document by `shown` (type, number, date); with its summary and the
		directing leader's full name when given, else (confidential) without the summary."""
		text = read(markup)
		for phrase in shown:
			self.assertIn(phrase, text, what)
		if summary:
			self.assertIn(summary, text, what)
		if leader:
			self.assertIn(leader, text, what)

	def assertEndsWithSender(self, markup, what=""):
		"""The office's name, address, phone and e-mail, in that order, after everything else the app
		wrote (its last words are the link to the system)."""
		text = read(markup)
		positions = [text.find(OFFICE[field]) for field in SENDER_FIELDS]
		self.assertNotIn(-1, positions, what)
		self.assertEqual(positions, sorted(positions), what)
		self.assertGreater(positions[0], text.rfind("trên hệ thống"), what)
