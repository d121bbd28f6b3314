"""Processing statuses sent back to the sender of a directive received as edXML (QCVN 102:2016/BTTTT).

A directive received as edXML (its `edxml_document_id` is set) tells its sender how it is handled, with an
edXML Status message posted to the integration platform (LGSP) set in Directive Settings → Integration
Platform (LGSP). When each status is queued, and the key that keeps one event from being queued twice:

| Code | When | Key |
|---|---|---|
| 03 received | the directive is saved with its edXML DocumentId (Directive on_update, insert included) | directive |
| 04 assigned | the first of its tasks is given to an agency (a task enters Assigned to Agency) | directive |
| 05 in progress | the first of its tasks is accepted (a task enters Under Way) | directive |
| 06 completed | the directive is completed: every task not cancelled is Completed | directive |
| 02 refused | a task is refused by its agency (a task enters Refused), each refusal | task, time of the move |

A status is about the document, so 03 to 06 go once per directive; a refusal is told every time, with the
task and the agency that refused. The descriptions carry the task's number, lead agency and deadline, and
its content only when the directive is not confidential (`confidentiality.py`).

Delivery: each message is an `edXML Status Message` row (state Queued, Sent or Failed). Once the
transaction that queued it is committed a delivery job is enqueued, and the scheduler (hooks.py, every
five minutes) delivers whatever is due. Each message is locked (`SELECT ... FOR UPDATE SKIP LOCKED`),
posted, marked and committed on its own: two workers never send the same one, a second run sends nothing
twice, and a platform that is down leaves the message Queued with its next attempt put off (exponential
backoff) until the attempts run out (Failed: the office can retry it from the form).

The XML part (`build_status_xml`, `parse_status_xml`, `describe`, `retry_delay`) needs no site.
"""

import base64
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from xml.etree import ElementTree

import frappe
import requests
from frappe.utils import getdate, now_datetime

from chidao_dieuhanh import task_states
from chidao_dieuhanh.confidentiality import directive_is_confidential
from chidao_dieuhanh.permissions import get_user_agencies, is_office_user
from chidao_dieuhanh.settings import lgsp_settings

NAMESPACE = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
PREFIX = "edXML"

RECEIVED, ASSIGNED, IN_PROGRESS, COMPLETED, REFUSED = "03", "04", "05", "06", "02"
STATUS_NAMES = {
	REFUSED: "Từ chối tiếp nhận",
	RECEIVED: "Đã tiếp nhận",
	ASSIGNED: "Đã phân công",
	IN_PROGRESS: "Đang xử lý",
	COMPLETED: "Đã hoàn thành",
}
# The task's workflow state whose entry queues each status.
STATE_CODES = {
	task_states.ASSIGNED: ASSIGNED,
	task_states.IN_PROGRESS: IN_PROGRESS,
	task_states.REFUSED: REFUSED,
}
# Codes told once per directive; the others once per move of a task.
ONCE_PER_DIRECTIVE = frozenset({RECEIVED, ASSIGNED, IN_PROGRESS, COMPLETED})

QUEUED, SENT, FAILED = "Queued", "Sent", "Failed"
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=6)
DATE_FORMAT = "%Y/%m/%d"
TIMESTAMP_FORMAT = "%Y/%m/%d %H:%M:%S"
CONFIDENTIAL_NOTE = "nội dung thuộc văn bản mật, không gửi qua trục liên thông"


# The XML, without a site


@dataclass
class Organ:
	organ_id: str
	organ_name: str = ""
	organization_in_charge: str = ""
	address: str = ""
	email: str = ""
	telephone: str = ""
	fax: str = ""
	website: str = ""


@dataclass
class ResponseFor:
	"""The document the status is about, as its sender identified it."""

	organ_id: str
	code: str = ""  # "CodeNumber/CodeNotation"
	promulgation_date: date | None = None
	document_id: str = ""


@dataclass
class StaffInfo:
	department: str = ""
	staff: str = ""
	email: str = ""
	mobile: str = ""


@dataclass
class TaskSummary:
	"""What a description may say about a task."""

	name: str
	lead_agency: str = ""
	deadline: date | None = None
	content: str = ""
	reason: str = ""
	confidential: bool = True


@dataclass
class Status:
	response_for: ResponseFor
	sender: Organ
	status_code: str
	description: str
	timestamp: datetime
	staff: StaffInfo = field(default_factory=StaffInfo)


def _tag(name: str) -> str:
	return f"{{{NAMESPACE}}}{name}"


def _add(parent, name: str, text=None):
	element = ElementTree.SubElement(parent, _tag(name))
	if text is not None:
		element.text = str(text)
	return element


def _format_date(value) -> str:
	return value.strftime(DATE_FORMAT) if value else ""


def build_status_xml(status: Status) -> str:
	"""The edXML envelope with one `edXML:Status` in its header, prefixed as the Government Office's
	gateway requires, as UTF-8 text with its XML declaration."""
	if status.status_code not in STATUS_NAMES:
		raise ValueError(f"Unknown edXML status code {status.status_code!r}")
	ElementTree.register_namespace(PREFIX, NAMESPACE)
	envelope = ElementTree.Element(_tag("edXMLEnvelope"))
	header = _add(envelope, "edXMLHeader")
	node = _add(header, "Status")

	response_for = _add(node, "ResponseFor")
	_add(response_for, "OrganId", status.response_for.organ_id)
	_add(response_for, "Code", status.response_for.code)
	_add(response_for, "PromulgationDate", _format_date(status.response_for.promulgation_date))
	_add(response_for, "DocumentId", status.response_for.document_id)

	sender = _add(node, "From")
	for name, value in (
		("OrganId", status.sender.organ_id),
		("OrganizationInCharge", status.sender.organization_in_charge),
		("OrganName", status.sender.organ_name),
		("OrganAdd", status.sender.address),
		("Email", status.sender.email),
		("Telephone", status.sender.telephone),
		("Fax", status.sender.fax),
		("Website", status.sender.website),
	):
		_add(sender, name, value)

	_add(node, "StatusCode", status.status_code)
	_add(node, "Description", status.description)
	_add(node, "Timestamp", status.timestamp.strftime(TIMESTAMP_FORMAT))

	staff = _add(node, "StaffInfo")
	_add(staff, "Department", status.staff.department)
	_add(staff, "Staff", status.staff.staff)
	_add(staff, "Mobile", status.staff.mobile)
	_add(staff, "Email", status.staff.email)

	_add(envelope, "edXMLBody")
	ElementTree.indent(envelope)
	return ElementTree.tostring(envelope, encoding="unicode", xml_declaration=True)


def parse_status_xml(text: str | bytes) -> dict:
	"""The fields of an edXML Status, read back with a hardened parser (no DTD, no entities), with or
	without the `edXML:` prefixes."""
	from defusedxml.ElementTree import fromstring

	root = fromstring(text, forbid_dtd=True)

	def local(element) -> str:
		return element.tag.rsplit("}", 1)[-1]

	status = next((e for e in root.iter() if local(e) == "Status"), None)
	if status is None:
		raise ValueError("Not an edXML Status message")

	def children(element) -> dict:
		return {local(child): (child.text or "").strip() for child in element}

	parts = {local(child): child for child in status}
	out = children(status)
	for name in ("ResponseFor", "From", "StaffInfo"):
		out[name] = children(parts[name]) if name in parts else {}
	return out


def describe(code: str, task: TaskSummary | None = None, directive_label: str = "") -> str:
	"""The Description sent with a status, in Vietnamese as the sender reads it. A confidential task's
	content and reason never leave."""
	label = STATUS_NAMES[code]
	if task is None:
		return f"{label} văn bản {directive_label}".strip() + "."
	parts = [f"{label} nhiệm vụ {task.name}"]
	if task.lead_agency:
		parts.append(f"đơn vị chủ trì: {task.lead_agency}")
	if task.deadline:
		parts.append(f"hạn xử lý: {task.deadline.strftime('%d/%m/%Y')}")
	if task.confidential:
		parts.append(CONFIDENTIAL_NOTE)
	else:
		if task.content:
			parts.append(f"nội dung: {task.content}")
		if task.reason and code == REFUSED:
			parts.append(f"lý do: {task.reason}")
	return "; ".join(parts) + "."


def retry_delay(attempts: int) -> timedelta:
	"""How long to wait after the `attempts`-th failed delivery: 1, 2, 4, 8 ... minutes, at most 6 hours."""
	return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_CAP)


def event_key(directive: str, code: str, task: str | None = None, moment: str | None = None) -> str:
	if code in ONCE_PER_DIRECTIVE:
		return f"{directive}:{code}"
	return f"{directive}:{code}:{task}:{moment}"


def organ_id_from_document_id(document_id: str | None) -> str:
	"""DocumentId is `OrganId,yyyy/MM/dd,number/notation`: the sender's code is its first part."""
	return (document_id or "").split(",", 1)[0].strip()


# Queueing, on the site

DOCTYPE = "edXML Status Message"


def on_directive_saved(doc, method=None) -> None:
	"""Directive on_update, on insert too (hooks.py): a directive saved with its edXML DocumentId has been
	received (03)."""
	if doc.get("edxml_document_id"):
		queue_status(doc.name, RECEIVED)


def on_task_update(doc, method=None) -> None:
	"""Directive Task on_update (hooks.py), after the task's controller has brought its directive's status
	up to date: a move of a received directive's task queues the status it means."""
	if not doc.directive or frappe.flags.in_import:
		return
	before = doc.get_doc_before_save()
	if before is None or before.workflow_state == doc.workflow_state:
		return
	if not frappe.db.get_value("Directive", doc.directive, "edxml_document_id"):
		return
	code = STATE_CODES.get(doc.workflow_state)
	if code:
		queue_status(doc.directive, code, task=doc)
	if frappe.db.get_value("Directive", doc.directive, "directive_status") == "Completed":
		queue_status(doc.directive, COMPLETED, task=doc)


def on_task_trash(doc, method=None) -> None:
	"""A deleted task's messages stay in the log, without the link."""
	frappe.db.set_value(DOCTYPE, {"task": doc.name}, "task", None, update_modified=False)


def on_directive_trash(doc, method=None) -> None:
	"""A deleted directive takes its status messages with it (nothing can be said about it any more)."""
	frappe.db.delete(DOCTYPE, {"directive": doc.name})


def queue_status(directive: str, code: str, task=None) -> str | None:
	"""Records the status message of this event, once (its event key is unique), and has it delivered
	after the commit. Returns the message's name, or None when there is nothing to send."""
	config = lgsp_settings()
	if not config.enabled:
		return None
	task_name = task.name if task is not None else None
	key = event_key(directive, code, task_name, str(task.modified) if task is not None else None)
	if frappe.db.exists(DOCTYPE, {"event_key": key}):
		return None
	info = frappe.db.get_value(
		"Directive",
		directive,
		["edxml_document_id", "sender_agency", "document_number", "issue_date", "tracking_officer"],
		as_dict=True,
	)
	if not info or not info.edxml_document_id:
		return None
	recipient = (
		info.sender_agency and frappe.db.get_value("Agency", info.sender_agency, "organ_id")
	) or organ_id_from_document_id(info.edxml_document_id)
	timestamp = now_datetime()
	status = Status(
		response_for=ResponseFor(
			organ_id=recipient,
			code=info.document_number or "",
			promulgation_date=info.issue_date,
			document_id=info.edxml_document_id,
		),
		sender=Organ(organ_id=config.organ_id, organ_name=config.organ_name),
		status_code=code,
		description=_description(code, directive, info, task),
		timestamp=timestamp,
		staff=_staff(info, task, config),
	)
	message = frappe.get_doc(
		{
			"doctype": DOCTYPE,
			"directive": directive,
			"task": task_name,
			"status_code": code,
			"description": status.description,
			"recipient_organ_id": recipient,
			"event_key": key,
			"state": QUEUED,
			"attempts": 0,
			"next_attempt_on": timestamp,
			"status_xml": build_status_xml(status),
		}
	)
	frappe.db.savepoint("edxml_status")
	try:
		message.insert(ignore_permissions=True)
	except frappe.DuplicateEntryError:
		# The same event queued meanwhile by another transaction.
		frappe.db.rollback(save_point="edxml_status")
		return None
	frappe.db.after_commit.add(enqueue_delivery)
	return message.name


def _description(code: str, directive: str, info, task) -> str:
	label = info.document_number or directive
	if task is None or code == COMPLETED:
		return describe(code, None, label)
	return describe(
		code,
		TaskSummary(
			name=task.name,
			lead_agency=_agency_name(task.lead_agency),
			deadline=getdate(task.deadline) if task.deadline and not task.no_deadline else None,
			content=task.content or "",
			reason=task.state_reason or "",
			confidential=directive_is_confidential(directive),
		),
		label,
	)


def _agency_name(agency: str | None) -> str:
	return (frappe.db.get_value("Agency", agency, "agency_name") if agency else None) or agency or ""


def _staff(info, task, config) -> StaffInfo:
	"""Who made the move: the session user (the directive's tracking officer when the system did), with
	the agency it acts for, or our office."""
	user = frappe.session.user
	if user in ("Administrator", "Guest") and info.tracking_officer:
		user = info.tracking_officer
	row = frappe.db.get_value("User", user, ["full_name", "email", "mobile_no"], as_dict=True) or {}
	department = config.organ_name
	if not is_office_user(user):
		agencies = get_user_agencies(user)
		agency = task.lead_agency if task is not None and task.lead_agency in agencies else None
		agency = agency or (agencies[0] if agencies else None)
		if agency:
			department = _agency_name(agency)
	return StaffInfo(
		department=department or "",
		staff=row.get("full_name") or user,
		email=row.get("email") or "",
		mobile=row.get("mobile_no") or "",
	)


# Delivery


def enqueue_delivery() -> None:
	"""After the commit that queued a message: deliver at once, on the short queue (in tests, in the same
	process)."""
	frappe.enqueue(
		"chidao_dieuhanh.edxml_status.deliver_due_messages",
		queue="short",
		job_id="chidao_dieuhanh:deliver_edxml_status",
		deduplicate=not frappe.flags.in_test,
		now=frappe.flags.in_test,
	)


def deliver_due_messages(now: datetime | None = None, limit: int | None = None) -> int:
	"""Scheduler entry (hooks.py, every five minutes) and the job enqueued after a message is queued:
	posts every Queued message whose next attempt is due, oldest first, one transaction each. Returns how
	many were delivered."""
	config = lgsp_settings()
	if not config.enabled or not config.status_url:
		return 0
	now = now or now_datetime()
	names = frappe.get_all(
		DOCTYPE,
		filters={"state": QUEUED, "next_attempt_on": ("<=", now)},
		order_by="next_attempt_on asc, creation asc",
		pluck="name",
		limit=limit,
	)
	delivered = 0
	for name in names:
		try:
			delivered += deliver(name, config, now)
		except Exception:
			frappe.db.rollback()
			# Without the frames' variables: they hold the platform's credentials.
			frappe.log_error(
				f"edXML Status Message {name} could not be delivered",
				frappe.get_traceback(with_context=False),
				reference_doctype=DOCTYPE,
				reference_name=name,
			)
	return delivered


def deliver(name: str, config, now: datetime) -> bool:
	"""Posts one message if it is still Queued and due, holding its row lock until the outcome is
	committed; a row another worker holds is skipped."""
	rows = frappe.db.sql(
		f"""select name, status_xml, attempts from `tab{DOCTYPE}`
		where name = %s and state = %s and next_attempt_on <= %s
		for update skip locked""",
		(name, QUEUED, now),
		as_dict=True,
	)
	if not rows:
		frappe.db.commit()  # nosemgrep: releases the snapshot; nothing was changed
		return False
	row = rows[0]
	attempts = (row.attempts or 0) + 1
	response_text = error = None
	try:
		response = requests.post(
			config.status_url,
			data=(row.status_xml or "").encode("utf-8"),
			headers=request_headers(config),
			timeout=config.timeout,
			allow_redirects=False,
		)
		response_text = (response.text or "")[:2000]
		if not response.ok:
			error = f"HTTP {response.status_code} {response.reason or ''}".strip()
	except requests.RequestException as exc:
		error = f"{type(exc).__name__}: {exc}"[:2000]
	values = {"attempts": attempts, "last_attempt_on": now_datetime(), "last_response": response_text}
	if error is None:
		values.update(state=SENT, sent_on=now_datetime(), next_attempt_on=None, last_error=None)
	elif attempts >= config.max_attempts:
		values.update(state=FAILED, next_attempt_on=None, last_error=error)
	else:
		values.update(next_attempt_on=now + retry_delay(attempts), last_error=error)
	frappe.db.set_value(DOCTYPE, name, values, update_modified=False)
	frappe.db.commit()  # nosemgrep: one message, one transaction: its outcome is kept whatever follows
	return error is None


def request_headers(config) -> dict:
	"""The XML body's type and HTTP Basic credentials, encoded as UTF-8 (RFC 7617): a password with
	Vietnamese letters is common, and `requests` would encode it as Latin-1 and fail."""
	headers = {"Content-Type": "application/xml; charset=utf-8"}
	if config.username:
		credentials = f"{config.username}:{config.password}".encode()
		headers["Authorization"] = "Basic " + base64.b64encode(credentials).decode("ascii")
	return headers
