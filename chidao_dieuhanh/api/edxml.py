"""Directives received as edXML packages (QCVN 102:2016) from the document management system, the
integration platform, or a clerk's upload in the desk.

`POST /api/method/chidao_dieuhanh.api.edxml.receive` with the package as the body (`Content-Type:
application/xml`) or as the multipart field `file`. The caller is a user with the Document Integration
role (API key and secret; the role gives no other right) or an office user who may create directives
(the desk's Import edXML goes through Frappe's `upload_file` with this method). The package becomes a
Directive with no task yet, its attachments and the package itself as private files attached to it;
the answer is `{"directive": name, "attachments": count}`. The same DocumentId twice is HTTP 409 naming
the directive made from it; a package that cannot be read is a 4xx and nothing is saved (the request's
transaction is rolled back, and Frappe removes the files written with it).
"""

import frappe
from frappe import _
from frappe.utils import now_datetime, strip_html_tags, today

from chidao_dieuhanh import edxml, settings
from chidao_dieuhanh.validation import MAX_TEXT_LENGTH, TEXT_COLUMN_BYTES

INTEGRATION_ROLE = "Document Integration"
DATA_LENGTH = 140  # a Data column
ATTACHMENT_FIELD = "attachment"
PACKAGE_FIELD = "edxml_package"


class PackageRefused(frappe.ValidationError):
	http_status_code = 400


class PackageTooLarge(frappe.ValidationError):
	http_status_code = 413


class DocumentAlreadyReceived(frappe.ValidationError):
	http_status_code = 409


class NotAllowedToReceive(frappe.PermissionError):
	pass


@frappe.whitelist(methods=["POST"])
def receive() -> dict:
	check_receiver()
	limit = settings.edxml_max_package_bytes()
	if limit and (frappe.request.content_length or 0) > limit:
		refuse_too_large(limit)
	data, filename = read_package()
	package = parse(data, limit)
	directive = make_directive(package)
	count = attach_files(directive, package, data, filename)
	return {"directive": directive.name, "attachments": count}


def check_receiver() -> None:
	if INTEGRATION_ROLE in frappe.get_roles() or frappe.has_permission("Directive", "create"):
		return
	frappe.throw(
		_("You are not allowed to receive edXML packages."), NotAllowedToReceive, title=_("Not Permitted")
	)


def refuse_file_from_integration_user(doc, method=None) -> None:
	"""File `before_insert`: the integration user brings files only inside packages (`receive` saves them
	itself); `upload_file` and `/api/resource/File` store nothing for it."""
	if doc.flags.ignore_permissions or INTEGRATION_ROLE not in frappe.get_roles():
		return
	if not frappe.has_permission("Directive", "create"):
		frappe.throw(
			_("The integration user sends files only inside edXML packages."),
			NotAllowedToReceive,
			title=_("Not Permitted"),
		)


def read_package() -> tuple[bytes, str | None]:
	"""The package and the name it was uploaded under: Frappe's `upload_file` has read the desk's upload
	already; an integrator sends the body or the field `file`."""
	request = frappe.request
	if request.path.rstrip("/").endswith("/upload_file"):
		data, filename = frappe.local.uploaded_file, frappe.local.uploaded_filename
	elif "file" in request.files:
		upload = request.files["file"]
		data, filename = upload.read(), upload.filename
	else:
		data, filename = request.get_data(), None
	if not data or not data.strip():
		frappe.throw(
			_(
				"No edXML package was sent: send it as the request body (Content-Type: application/xml) or as"
				" the uploaded file field {0}."
			).format("<code>file</code>"),
			PackageRefused,
			title=_("Invalid Package"),
		)
	return data, filename


def parse(data: bytes, limit: int) -> edxml.Package:
	try:
		return edxml.parse(data, max_bytes=limit or None)
	except edxml.PackageTooLarge:
		refuse_too_large(limit)
	except edxml.ForbiddenEntity:
		message = _(
			"The package declares a DTD or entities, which edXML packages never use; it was refused unread."
		)
	except edxml.NotXml as e:
		message = _("The package is not well-formed XML: {0}").format(e.detail)
	except edxml.NotEdxml as e:
		message = _("The file is not an edXML package (QCVN 102:2016): {0}").format(e.detail)
	except edxml.BadAttachment as e:
		message = _("An attachment of the package cannot be read: {0}").format(e.detail)
	frappe.throw(message, PackageRefused, title=_("Invalid Package"))


def refuse_too_large(limit: int) -> None:
	frappe.throw(
		_("The package is larger than {0} MB, the limit set in Directive Settings.").format(
			limit // (1024 * 1024)
		),
		PackageTooLarge,
		title=_("Package Too Large"),
	)


def make_directive(package: edxml.Package):
	document_id = package.document_id or composed_document_id(package)
	if len(document_id) > DATA_LENGTH:
		frappe.throw(
			_("The package's DocumentId is longer than {0} characters.").format(DATA_LENGTH),
			PackageRefused,
			title=_("Invalid Package"),
		)
	doc = frappe.new_doc("Directive")
	doc.update(directive_values(package))
	doc.edxml_document_id = document_id or None
	doc.received_on = now_datetime()
	doc.flags.ignore_permissions = True  # the integration user has no rights of its own on directives
	try:
		doc.insert()
	except (frappe.UniqueValidationError, frappe.DuplicateEntryError):
		refuse_duplicate(document_id)
	return doc


def composed_document_id(package: edxml.Package) -> str:
	"""DocumentId as the standard composes it (`OrganId,yyyy/MM/dd,number/notation`), for a sender that
	left it out, so that the same document is still recognised."""
	if not (package.sender.organ_id and package.promulgation_date and package.document_number):
		return ""
	return f"{package.sender.organ_id},{package.promulgation_date:%Y/%m/%d},{package.document_number}"


def refuse_duplicate(document_id: str) -> None:
	"""The unique index refused the DocumentId: at once, or after a concurrent reception committed it
	(the locking read sees that one, which this transaction's snapshot may not)."""
	frappe.local.message_log = []
	existing = frappe.db.get_value("Directive", {"edxml_document_id": document_id}, "name", for_update=True)
	frappe.throw(
		_("Document {0} was already received: directive {1}.").format(
			frappe.bold(document_id), frappe.bold(existing or "?")
		),
		DocumentAlreadyReceived,
		title=_("Already Received"),
	)


def directive_values(package: edxml.Package) -> dict:
	sender = package.sender
	signer = package.signer
	title = ", ".join(part for part in (signer.competence, signer.position) if part)
	return {
		"source_type": "Official Document",
		"summary": clip(
			strip_html_tags(package.subject or "").strip()  # markup alone would be emptied on save
			or package.document_number
			or _("Document received from {0}").format(sender.name or sender.organ_id or "?"),
			MAX_TEXT_LENGTH["Small Text"],
		),
		"document_number": clip(package.document_number),
		"document_type": edxml.map_document_type(
			package.document_type_code, package.document_type_name, settings.edxml_document_types()
		),
		"issue_date": package.promulgation_date or today(),
		"signer": clip(f"{signer.full_name} ({title})" if signer.full_name and title else signer.full_name),
		"directing_leader": leader_named(signer.full_name),
		"urgency": package.urgency,
		"due_date": package.due_date,
		"document_content": clip(package.content, MAX_TEXT_LENGTH["Text"]),
		"sender_agency": agency_by_organ_id(sender.organ_id),
		"sender_organ_id": clip(sender.organ_id),
		"sender_name": clip(sender.name),
		"recipient_agencies": [{"agency": agency} for agency in recipient_agencies(package)],
	}


def clip(value: str, length: int = DATA_LENGTH) -> str | None:
	"""At most `length` characters, and within a text column's bytes (an emoji is four)."""
	value = (value or "")[:length]
	while len(value.encode()) > TEXT_COLUMN_BYTES:
		value = value[: len(value) - (len(value.encode()) - TEXT_COLUMN_BYTES + 3) // 4]
	return value or None


def agency_by_organ_id(organ_id: str) -> str | None:
	return frappe.db.get_value("Agency", {"organ_id": organ_id}) if organ_id else None


def recipient_agencies(package: edxml.Package) -> list[str]:
	"""The To agencies found in the Agency list, each once, in the package's order."""
	organ_ids = [to.organ_id for to in package.recipients if to.organ_id]
	if not organ_ids:
		return []
	found = dict(
		frappe.get_all(
			"Agency", filters={"organ_id": ["in", organ_ids]}, fields=["organ_id", "name"], as_list=True
		)
	)
	return list(dict.fromkeys(found[organ_id] for organ_id in organ_ids if organ_id in found))


def leader_named(full_name: str) -> str | None:
	"""The leader who signed, when exactly one enabled Leader user bears the signer's name."""
	if not full_name:
		return None
	has_role = frappe.qb.DocType("Has Role")
	user = frappe.qb.DocType("User")
	names = (
		frappe.qb.from_(user)
		.join(has_role)
		.on((has_role.parent == user.name) & (has_role.parenttype == "User"))
		.select(user.name)
		.distinct()
		.where((user.full_name == full_name) & (user.enabled == 1) & (has_role.role == "Leader"))
		.run(pluck=True)
	)
	return names[0] if len(names) == 1 else None


def attach_files(directive, package: edxml.Package, data: bytes, filename: str | None) -> int:
	"""The attachments and the package itself, as private files of the directive; the first attachment
	is also the directive's Attachment."""
	urls = [save_file(directive, attachment.name, attachment.content) for attachment in package.attachments]
	package_url = save_file(directive, package_file_name(directive, filename), data, PACKAGE_FIELD)
	values = {PACKAGE_FIELD: package_url}
	if urls:
		values[ATTACHMENT_FIELD] = urls[0]
	directive.db_set(values, update_modified=False)
	return len(urls)


def save_file(directive, name: str, content: bytes, fieldname: str | None = None) -> str:
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": edxml.inert_file_name(name),
			"attached_to_doctype": directive.doctype,
			"attached_to_name": directive.name,
			"attached_to_field": fieldname,
			"is_private": 1,
			"content": content,
		}
	)
	file.insert(ignore_permissions=True)
	return file.file_url


def package_file_name(directive, filename: str | None) -> str:
	filename = edxml.safe_file_name(filename or "")
	if filename.lower().endswith(".xml"):
		return filename
	return f"edxml-{directive.name}.xml"
