"""What every e-mail of the app says besides its own text: the source document of the task (so that an
agency finds it in its document system), the addressees in protocol order, and the sender line.

The e-mails are written in Vietnamese (their templates), so the values they show are translated to
Vietnamese whatever the language of the user whose action sends them. The templates call these functions
through the `jinja` hook (hooks.py) and the macros of templates/emails/macros.html.

Under a confidential directive (confidentiality.py) the source document is named by its type, number, date
and level only: Luật Bảo vệ bí mật nhà nước 2018 lets the trích yếu itself be secret, and the directing
leader with the number would tell what the document is about. Nothing of the content goes out.
"""

import unicodedata

import frappe
from frappe import _
from frappe.utils import formatdate

from chidao_dieuhanh.confidentiality import NORMAL, TASK_FIELD
from chidao_dieuhanh.reminders import OFFICE_LEADERSHIP_ROLES
from chidao_dieuhanh.settings import IssuingOffice, digest_recipients, issuing_office

MAIL_LANGUAGE = "vi"
DATE_FORMAT = "dd/MM/yyyy"

# A user's title (chức vụ) as written when addressing them: a field of Frappe's User (which has none).
TITLE_FIELD = "official_title"
USER_CUSTOM_FIELDS = {
	"User": [
		{
			"fieldname": TITLE_FIELD,
			"fieldtype": "Data",
			"label": "Official Title",
			"description": "As written when the user is addressed in e-mails, e.g. Phó Chủ tịch UBND tỉnh.",
			"insert_after": "last_name",
			"permlevel": 1,  # set by the System Manager, not by the user
		}
	]
}

# Protocol order of the titles (lowercase beginnings); other titles follow, then users without one.
PROTOCOL_ORDER = ("chủ tịch", "phó chủ tịch", "chánh văn phòng", "phó chánh văn phòng")
COMMITTEE_ROLES = ("Leader",)  # the Chairman and Vice-Chairmen


def make_user_fields() -> None:
	"""The User's Official Title (Frappe's User is not the app's to change in its JSON)."""
	from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

	create_custom_fields(USER_CUSTOM_FIELDS, update=True)


def vietnamese(value: str | None, context: str) -> str:
	return _(value, lang=MAIL_LANGUAGE, context=context) if value else ""


# --------------------------------------------------------------------------------------------------
# The source document
# --------------------------------------------------------------------------------------------------


SOURCE_FIELDS = (
	"document_number",
	"issue_date",
	"document_type",
	"source_type",
	"summary",
	"directing_leader",
	"confidentiality",
)


def source_document(doctype: str, name: str | None) -> frappe._dict:
	"""The directive behind a Directive Task, Extension Request or Task Reminder (or a Directive): its
	type, number, date, and unless it is confidential its summary and the directing leader's full name
	(the task's own, else the directive's)."""
	directive, task_leader = _directive_of(doctype, name)
	doc = (
		directive and frappe.db.get_value("Directive", directive, SOURCE_FIELDS, as_dict=True)
	) or frappe._dict()
	confidential = doc.confidentiality != NORMAL  # a task without its directive counts as confidential
	return frappe._dict(
		document_type=vietnamese(doc.document_type, "Directive") or vietnamese(doc.source_type, "Directive"),
		number=doc.document_number or "",
		issue_date=formatdate(doc.issue_date, DATE_FORMAT) if doc.issue_date else "",
		confidential=confidential,
		confidentiality=vietnamese(doc.confidentiality, "Directive") if confidential else "",
		summary=None if confidential else doc.summary,
		directing_leader=None if confidential else full_name(task_leader or doc.directing_leader),
	)


def _directive_of(doctype: str, name: str | None) -> tuple[str | None, str | None]:
	"""The directive and the task's directing leader."""
	if doctype == "Directive":
		return name, None
	task = name if doctype == "Directive Task" else frappe.db.get_value(doctype, name, TASK_FIELD[doctype])
	values = task and frappe.db.get_value("Directive Task", task, ["directive", "directing_leader"])
	return tuple(values) if values else (None, None)


def full_name(user: str | None) -> str:
	"""A user as people call them, never their e-mail address."""
	if not user:
		return ""
	return frappe.db.get_value("User", user, "full_name") or ""


# --------------------------------------------------------------------------------------------------
# Addressees
# --------------------------------------------------------------------------------------------------


def protocol_rank(title: str | None) -> int:
	folded = unicodedata.normalize("NFC", title or "").strip().casefold()
	if not folded:
		return len(PROTOCOL_ORDER) + 1
	for rank, beginning in enumerate(PROTOCOL_ORDER):
		if folded == beginning or folded.startswith(beginning + " "):
			return rank
	return len(PROTOCOL_ORDER)


def _people(emails: list[str]) -> list[frappe._dict]:
	"""The enabled users with these addresses, in protocol order of their titles; equal ranks keep the
	order of `emails`."""
	emails = [e.strip() for e in emails if e and e.strip()]
	if not emails:
		return []
	users = frappe.get_all(
		"User",
		filters={"email": ["in", emails], "enabled": 1},
		fields=["name", "email", "full_name", TITLE_FIELD],
	)
	position = {email: i for i, email in reversed(list(enumerate(emails)))}
	users.sort(key=lambda u: (protocol_rank(u.get(TITLE_FIELD)), position[u.email]))
	return [
		frappe._dict(user=u.name, title=(u.get(TITLE_FIELD) or "").strip(), full_name=u.full_name or "")
		for u in users
	]


def digest_addressees(recipients: str | None) -> list[frappe._dict]:
	"""The digest's "Kính gửi": one entry per title (with how many hold it), in protocol order; a recipient
	without a title by full name. Equal titles keep the order of Directive Settings' Digest Recipients."""
	emails = (recipients or "").split(",")
	listed = {user: i for i, user in enumerate(digest_recipients())}
	emails.sort(key=lambda e: listed.get(e.strip(), len(listed)))
	addressees = []
	by_title = {}
	for person in _people(emails):
		if not person.title:
			addressees.append(frappe._dict(title="", count=1, full_name=person.full_name))
			continue
		key = person.title.casefold()
		if key in by_title:
			by_title[key].count += 1
			continue
		by_title[key] = frappe._dict(title=person.title, count=1, full_name=person.full_name)
		addressees.append(by_title[key])
	return addressees


def escalation_addressees(reminder: str) -> list[frappe._dict]:
	"""The people an escalated reminder (level 3) is addressed to, before the agency's leadership: the
	Committee's leadership first (the directing leader, then the Chairman and Vice-Chairmen), then the
	office's, each in protocol order."""
	doc = frappe.db.get_value("Task Reminder", reminder, ["task", "level", "recipients"], as_dict=True)
	if not doc or doc.level != "3":
		return []
	people = _people((doc.recipients or "").split(","))
	leader = frappe.db.get_value("Directive Task", doc.task, "directing_leader")
	roles = _roles([p.user for p in people])

	def group(person):
		if person.user == leader:
			return 0
		if roles.get(person.user, set()) & set(COMMITTEE_ROLES):
			return 1
		if roles.get(person.user, set()) & set(OFFICE_LEADERSHIP_ROLES):
			return 2
		return None  # the agency's people, addressed as its leadership

	ranked = [(group(p), i, p) for i, p in enumerate(people) if group(p) is not None]
	return [p for _group, _i, p in sorted(ranked, key=lambda item: item[:2])]


def _roles(users: list[str]) -> dict[str, set[str]]:
	roles = {}
	for row in frappe.get_all(
		"Has Role",
		filters={"parenttype": "User", "parent": ["in", users or [""]]},
		fields=["parent", "role"],
	):
		roles.setdefault(row.parent, set()).add(row.role)
	return roles


# --------------------------------------------------------------------------------------------------
# The sender
# --------------------------------------------------------------------------------------------------


def mail_sender() -> IssuingOffice:
	return issuing_office()
