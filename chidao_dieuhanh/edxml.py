"""edXML packages of QCVN 102:2016/BTTTT read into plain data, without a site.

A package is the `edXML` root holding `edXMLEnvelope` (`edXMLHeader` → `MessageHeader`, `TraceHeaderList`,
a signature, `edXMLBody` → `edXMLManifest`) and then the `AttachmentEncoded` block, whose `Attachment`s
carry their file in base64 (often a zip). Real senders differ: with or without the `edXML:` prefixes (or
the prefix without its namespace declaration), elements missing or empty, several `To`, dates in more
than the standard's `yyyy/MM/dd`, attachments without a name. All of that is read; what cannot be read
is an `EdxmlError` naming what is wrong.

The parser is defusedxml's: a DTD (and so any entity, external or expanding, the XXE and "billion laughs"
attacks) is refused before anything is expanded or fetched.
"""

import binascii
import io
import mimetypes
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

NAMESPACE = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
ROOTS = ("edXML", "edXMLEnvelope")
# Electronic identifier code of an agency, QCVN 102:2016 amendment 1:2022 (QĐ 20/2020/QĐ-TTg): four
# groups, the last one the province or ministry (a capital letter and two digits), e.g. 000.00.00.H13.
ORGAN_ID = re.compile(r"\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}")
# edXML Priority: 0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc, 4 hỏa tốc hẹn giờ.
URGENCY_BY_PRIORITY = {"0": "Normal", "1": "Urgent", "2": "Very Urgent", "3": "Flash", "4": "Flash"}
DEFAULT_URGENCY = "Normal"
DEFAULT_DOCUMENT_TYPE = "Other"
ZIP_CONTENT_TYPES = frozenset({"application/zip", "application/x-zip-compressed", "application/x-zip"})
# Office documents are zip files too; they are kept as they are.
ZIPPED_FORMAT_MARKERS = ("[Content_Types].xml", "mimetype", "META-INF/manifest.xml")
MAX_NAME_LENGTH = 120
MAX_ATTACHMENTS = 500  # files in one package, zips unpacked: each becomes a File
DATE_FORMATS = (
	"%Y/%m/%d",
	"%d/%m/%Y",
	"%Y-%m-%d",
	"%d-%m-%Y",
	"%Y.%m.%d",
	"%d.%m.%Y",
	"%Y%m%d",
)
DATETIME_FORMATS = (
	"%Y/%m/%d %H:%M:%S",
	"%Y/%m/%d %H:%M",
	"%d/%m/%Y %H:%M:%S",
	"%d/%m/%Y %H:%M",
	"%Y-%m-%d %H:%M:%S",
	"%Y-%m-%d %H:%M",
	"%Y-%m-%dT%H:%M:%S",
	"%Y-%m-%dT%H:%M",
)


class EdxmlError(Exception):
	"""A package that cannot be received; `detail` says where, in the parser's words."""

	def __init__(self, detail: str = ""):
		super().__init__(detail or self.__class__.__name__)
		self.detail = detail


class NotXml(EdxmlError):
	pass


class NotEdxml(EdxmlError):
	pass


class ForbiddenEntity(EdxmlError):
	pass


class PackageTooLarge(EdxmlError):
	pass


class BadAttachment(EdxmlError):
	pass


@dataclass
class Organization:
	organ_id: str = ""
	name: str = ""
	in_charge: str = ""
	address: str = ""
	email: str = ""
	telephone: str = ""


@dataclass
class Signer:
	competence: str = ""
	position: str = ""
	full_name: str = ""


@dataclass
class ResponseFor:
	organ_id: str = ""
	code: str = ""
	promulgation_date: date | None = None
	document_id: str = ""


@dataclass
class Attachment:
	name: str
	content_type: str
	content: bytes
	description: str = ""
	content_id: str = ""


@dataclass
class Package:
	sender: Organization
	recipients: list[Organization] = field(default_factory=list)
	document_id: str = ""
	code_number: str = ""
	code_notation: str = ""
	place: str = ""
	promulgation_date: date | None = None
	document_type_code: str = ""
	document_type_name: str = ""
	subject: str = ""
	content: str = ""
	signer: Signer = field(default_factory=Signer)
	due_date: date | None = None
	priority: str = ""
	steering_type: str = ""
	to_places: list[str] = field(default_factory=list)
	response_for: ResponseFor | None = None
	attachments: list[Attachment] = field(default_factory=list)

	@property
	def document_number(self) -> str:
		"""Số, ký hiệu as it is cited: 123/UBND-KT."""
		return "/".join(part for part in (self.code_number, self.code_notation) if part)

	@property
	def urgency(self) -> str:
		return urgency(self.priority)


def parse(data: bytes, max_bytes: int | None = None, max_unpacked_bytes: int | None = None) -> Package:
	"""Reads one package. `max_bytes` bounds the package, `max_unpacked_bytes` what its attachments
	decode and unzip to (four times `max_bytes` unless given)."""
	if max_bytes is not None and len(data) > max_bytes:
		raise PackageTooLarge(f"{len(data)} bytes, at most {max_bytes}")
	if not data or not data.strip():
		raise NotXml("empty")
	if max_unpacked_bytes is None and max_bytes is not None:
		max_unpacked_bytes = 4 * max_bytes
	root = _parse_xml(data)
	if _local(root.tag) not in ROOTS or _namespace(root.tag) not in ("", NAMESPACE):
		raise NotEdxml(f"root element {root.tag}")
	header = next(_descendants(root, "MessageHeader"), None)
	if header is None:
		raise NotEdxml("no MessageHeader")
	package = _read_header(header)
	package.attachments = _read_attachments(root, max_unpacked_bytes)
	return package


def is_valid_organ_id(value: str) -> bool:
	return bool(ORGAN_ID.fullmatch(value or ""))


def urgency(priority: str) -> str:
	return URGENCY_BY_PRIORITY.get((priority or "").strip(), DEFAULT_URGENCY)


def map_document_type(code: str, name: str, rows) -> str:
	"""The Directive's document type for an edXML DocumentType: `rows` are (edXML code, edXML name,
	document type) as the office keeps them. The first row with the same code wins, else the first with
	the same name (case, Unicode normal form and spacing ignored); none is "Other"."""
	code, name = _normal(code), _normal(name)
	for row_code, _row_name, document_type in rows:
		if code and _normal(row_code) == code:
			return document_type
	for _row_code, row_name, document_type in rows:
		if name and _normal(row_name) == name:
			return document_type
	return DEFAULT_DOCUMENT_TYPE


def parse_date(value: str) -> date | None:
	"""yyyy/MM/dd as the standard says, and the other forms senders use (dd/MM/yyyy, yyyy-MM-dd, with a
	time, ISO with a zone); None when empty or not a date."""
	value = (value or "").strip()
	if not value:
		return None
	for fmt in DATE_FORMATS:
		try:
			return datetime.strptime(value, fmt).date()
		except ValueError:
			pass
	for fmt in DATETIME_FORMATS:
		try:
			return datetime.strptime(value[:19] if "T" in value else value, fmt).date()
		except ValueError:
			pass
	try:
		return datetime.fromisoformat(value).date()
	except ValueError:
		return None


def document_id_date(document_id: str) -> date | None:
	"""The date part of a DocumentId (`OrganId,yyyy/MM/dd,number/notation`)."""
	parts = (document_id or "").split(",")
	return parse_date(parts[1]) if len(parts) >= 3 else None


def _normal(value: str) -> str:
	return " ".join(unicodedata.normalize("NFC", value or "").casefold().split())


# XML


def _parse_xml(data: bytes) -> Element:
	try:
		return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
	except DefusedXmlException as e:
		raise ForbiddenEntity(str(e))
	except ParseError as e:
		if "unbound prefix" in str(e):
			return _parse_with_declared_prefix(data)
		raise NotXml(str(e))


def _parse_with_declared_prefix(data: bytes) -> Element:
	"""Some senders write `edXML:` element names without declaring the namespace."""
	declared = re.sub(
		rb"<((?:edXML:)?[A-Za-z_][\w.-]*)", rb'<\1 xmlns:edXML="' + NAMESPACE.encode() + b'"', data, count=1
	)
	try:
		return fromstring(declared, forbid_dtd=True, forbid_entities=True, forbid_external=True)
	except DefusedXmlException as e:
		raise ForbiddenEntity(str(e))
	except ParseError as e:
		raise NotXml(str(e))


def _local(tag) -> str:
	return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _namespace(tag) -> str:
	return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def _children(element: Element | None, name: str):
	if element is None:
		return
	for child in element:
		if _local(child.tag) == name:
			yield child


def _child(element: Element | None, name: str) -> Element | None:
	return next(_children(element, name), None)


def _descendants(element: Element | None, name: str):
	if element is None:
		return
	for child in element.iter():
		if child is not element and _local(child.tag) == name:
			yield child


def _text(element: Element | None, *path: str) -> str:
	for name in path:
		element = _child(element, name)
	if element is None:
		return ""
	return " ".join("".join(element.itertext()).split()) if len(element) else (element.text or "").strip()


def _block_text(element: Element | None) -> str:
	"""A text whose lines matter (Content): lines kept, spaces trimmed."""
	if element is None:
		return ""
	lines = [line.strip() for line in "".join(element.itertext()).strip().splitlines()]
	return "\n".join(lines)


def _organization(element: Element | None) -> Organization:
	return Organization(
		organ_id=_text(element, "OrganId"),
		name=_text(element, "OrganName"),
		in_charge=_text(element, "OrganizationInCharge"),
		address=_text(element, "OrganAdd"),
		email=_text(element, "Email"),
		telephone=_text(element, "Telephone"),
	)


def _read_header(header: Element) -> Package:
	code = _child(header, "Code")
	promulgation = _child(header, "PromulgationInfo")
	document_type = _child(header, "DocumentType")
	signer = _child(header, "SignerInfo")
	other = _child(header, "OtherInfo")
	package = Package(
		sender=_organization(_child(header, "From")),
		recipients=[_organization(to) for to in _children(header, "To")],
		document_id=_text(header, "DocumentId"),
		code_number=_text(code, "CodeNumber"),
		code_notation=_text(code, "CodeNotation"),
		place=_text(promulgation, "Place"),
		promulgation_date=parse_date(_text(promulgation, "PromulgationDate")),
		document_type_code=_text(document_type, "TypeDetail") or _text(document_type, "Type"),
		document_type_name=_text(document_type, "TypeName"),
		subject=_text(header, "Subject"),
		content=_block_text(_child(header, "Content")),
		signer=Signer(
			competence=_text(signer, "Competence"),
			position=_text(signer, "Position"),
			full_name=_text(signer, "FullName"),
		),
		due_date=parse_date(_text(header, "DueDate")),
		priority=_text(other, "Priority") or _text(header, "Priority"),
		steering_type=_text(header, "SteeringType") or _text(other, "SteeringType"),
	)
	to_places = _child(header, "ToPlaces")
	if to_places is None:
		to_places = _child(other, "ToPlaces")
	if to_places is not None:
		places = [" ".join("".join(place.itertext()).split()) for place in to_places]
		package.to_places = [place for place in places if place]
		if not len(to_places) and _text(to_places):
			package.to_places = [_text(to_places)]
	response_for = _child(header, "ResponseFor")
	if response_for is not None and len(response_for):
		package.response_for = ResponseFor(
			organ_id=_text(response_for, "OrganId"),
			code=_text(response_for, "Code"),
			promulgation_date=parse_date(_text(response_for, "PromulgationDate")),
			document_id=_text(response_for, "DocumentId"),
		)
	if not package.promulgation_date:
		package.promulgation_date = document_id_date(package.document_id)
	return package


# Attachments


def _read_attachments(root: Element, max_unpacked_bytes: int | None) -> list[Attachment]:
	manifest = {}
	for reference in _descendants(root, "Reference"):
		content_id = _text(reference, "ContentId")
		if content_id:
			manifest[content_id] = reference
	budget = _Budget(max_unpacked_bytes)
	attachments = []
	for block in _descendants(root, "AttachmentEncoded"):
		for element in _children(block, "Attachment"):
			content_id = _text(element, "ContentId")
			reference = manifest.get(content_id)
			name = _text(element, "AttachmentName") or _text(reference, "AttachmentName")
			content_type = _text(element, "ContentType") or _text(reference, "ContentType")
			description = _text(element, "Description") or _text(reference, "Description")
			content = budget.take(_decode(_text_raw(_child(element, "ContentTransferEncoded")), name))
			if not content:
				raise BadAttachment(f"{name or 'attachment'}: empty, or not base64")
			attachments.extend(_unpacked(name, content_type, description, content_id, content, budget))
	if len(attachments) > MAX_ATTACHMENTS:
		raise BadAttachment(f"{len(attachments)} files, at most {MAX_ATTACHMENTS}")
	_name_unnamed(attachments)
	return attachments


def _text_raw(element: Element | None) -> str:
	return (element.text or "") if element is not None else ""


def _decode(encoded: str, name: str) -> bytes:
	try:
		return binascii.a2b_base64(encoded)
	except (binascii.Error, ValueError) as e:
		raise BadAttachment(f"{name or 'attachment'}: {e}")


class _Budget:
	"""What all attachments may decode and unzip to, together."""

	def __init__(self, limit: int | None):
		self.left = limit

	def take(self, content: bytes) -> bytes:
		self.charge(len(content))
		return content

	def charge(self, size: int) -> None:
		if self.left is None:
			return
		self.left -= size
		if self.left < 0:
			raise PackageTooLarge("attachments too large once decoded")


def _is_zip(name: str, content_type: str, content: bytes) -> bool:
	if not content.startswith(b"PK\x03\x04"):
		return False
	if name.lower().endswith(".zip") or content_type.lower() in ZIP_CONTENT_TYPES:
		return True
	return not name and not content_type


def _unpacked(name, content_type, description, content_id, content, budget) -> list[Attachment]:
	whole = Attachment(
		name=safe_file_name(name),
		content_type=content_type or _guess_type(name),
		content=content,
		description=description,
		content_id=content_id,
	)
	if not _is_zip(name, content_type, content):
		return [whole]
	try:
		archive = zipfile.ZipFile(io.BytesIO(content))
		entries = [info for info in archive.infolist() if _is_payload(info)]
		if any(info.filename in ZIPPED_FORMAT_MARKERS for info in archive.infolist()):
			return [whole]  # a .docx, .xlsx or .odt sent without its name
		files = []
		for info in entries:
			budget.charge(info.file_size)
			entry_name = safe_file_name(info.filename.rsplit("/", 1)[-1])
			files.append(
				Attachment(
					name=entry_name,
					content_type=_guess_type(entry_name),
					content=archive.read(info),
					description=description,
					content_id=content_id,
				)
			)
	except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as e:
		raise BadAttachment(f"{name or 'zip attachment'}: {e}")
	except RuntimeError as e:  # encrypted
		raise BadAttachment(f"{name or 'zip attachment'}: {e}")
	return files or [whole]


def _is_payload(info: zipfile.ZipInfo) -> bool:
	return (
		not info.is_dir()
		and info.file_size > 0
		and not info.filename.startswith("__MACOSX/")
		and not info.filename.endswith("/.DS_Store")
	)


def safe_file_name(name: str) -> str:
	"""A file name without folders or control characters, short enough for a File."""
	name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
	name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().strip(".")
	if len(name) > MAX_NAME_LENGTH:
		stem, dot, ext = name.rpartition(".")
		name = (
			(stem[: MAX_NAME_LENGTH - len(ext) - 1] + dot + ext)
			if dot and len(ext) <= 10
			else name[:MAX_NAME_LENGTH]
		)
	return name


# Types a browser runs as a page (scripts included) when served inline; Frappe sends .html, .htm, .svg and
# .xml as downloads, not these (.shtml, .xhtml, .xht, .svgz, .js, .xsl...).
ACTIVE_CONTENT_TYPES = frozenset(
	{
		"text/html",
		"application/xhtml+xml",
		"image/svg+xml",
		"text/xml",
		"application/xml",
		"application/xslt+xml",
		"text/javascript",
		"application/javascript",
	}
)
DOWNLOADED_EXTENSIONS = (".html", ".htm", ".svg", ".xml")


def inert_file_name(name: str) -> str:
	"""A received file whose name would have the site serve it as a page, script included, gets `.txt`
	added (`a.xhtml.txt`): an attachment from outside never runs in the office's browser."""
	if name.lower().endswith(DOWNLOADED_EXTENSIONS) or _guess_type(name) not in ACTIVE_CONTENT_TYPES:
		return name
	return f"{name}.txt"


def _guess_type(name: str) -> str:
	return mimetypes.guess_type(name or "")[0] or "application/octet-stream"


def _name_unnamed(attachments: list[Attachment]) -> None:
	for number, attachment in enumerate(attachments, 1):
		if not attachment.name:
			extension = mimetypes.guess_extension(attachment.content_type.split(";")[0].strip()) or ".bin"
			attachment.name = f"attachment-{number}{extension}"
