"""edXML packages written for the tests, shaped after QCVN 102:2016/BTTTT: `package()` builds one, its
arguments make the variants senders produce (no prefixes, missing elements, several To, other date forms,
attachments without a name or zipped). No Frappe here: the pure tests import it too."""

import base64
import io
import random
import zipfile
from xml.sax.saxutils import escape

NAMESPACE = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
SENDER = ("000.00.00.H13", "Ủy ban nhân dân tỉnh")
RECIPIENTS = (("000.00.01.H13", "Sở Tài chính"), ("000.00.05.H13", "Sở Xây dựng"))
CONTENT = (
	"1. Giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng rà soát kế hoạch vốn đầu tư công năm 2027,"
	" hoàn thành trước ngày 15/01/2027.\n2. Sở Xây dựng báo cáo tiến độ các dự án trọng điểm trong tháng 12/2026."
)


def pdf_bytes(text: str = "Van ban chi dao", padding: int = 0) -> bytes:
	"""A one-page PDF with its cross-reference table right, readable by any PDF reader; `padding` adds an
	unused stream of that many bytes that do not compress (a scan's size)."""
	stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
	objects = [
		b"<< /Type /Catalog /Pages 2 0 R >>",
		b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
		b" /Resources << /Font << /F1 5 0 R >> >> >>",
		b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
		b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	]
	if padding:
		noise = random.Random(padding).randbytes(padding)
		objects.append(b"<< /Length %d >>\nstream\n" % len(noise) + noise + b"\nendstream")
	out = io.BytesIO()
	out.write(b"%PDF-1.4\n")
	offsets = []
	for number, body in enumerate(objects, 1):
		offsets.append(out.tell())
		out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
	xref = out.tell()
	out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
	for offset in offsets:
		out.write(b"%010d 00000 n \n" % offset)
	out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
	return out.getvalue()


def zip_bytes(files: dict[str, bytes]) -> bytes:
	out = io.BytesIO()
	with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
		for name, content in files.items():
			# A fixed time: the same files make the same bytes (a package built twice is the same package).
			archive.writestr(
				zipfile.ZipInfo(name, date_time=(2026, 11, 20, 8, 0, 0)), content, zipfile.ZIP_DEFLATED
			)
	return out.getvalue()


def attachment(name: str | None, content: bytes, content_type: str | None = None, description: str = ""):
	"""One attachment as `package()` takes it; None leaves the element out."""
	return {"name": name, "content": content, "content_type": content_type, "description": description}


def default_attachments():
	return [
		attachment("1775-UBND-KT.pdf", pdf_bytes("Cong van 1775"), "application/pdf", "Văn bản chính"),
		attachment(
			"phu-luc.zip",
			zip_bytes(
				{"Phụ lục 1.pdf": pdf_bytes("Phu luc 1"), "bang-tong-hop.txt": "Bảng tổng hợp".encode()}
			),
			"application/zip",
			"Phụ lục",
		),
	]


def package(
	document_id: str = "000.00.00.H13,2026/11/20,1775/UBND-KT",
	code_number: str | None = "1775",
	code_notation: str | None = "UBND-KT",
	sender=SENDER,
	recipients=RECIPIENTS,
	place: str | None = "Hòa An",
	promulgation_date: str | None = "2026/11/20",
	document_type=("2", "1", "Công văn"),
	subject: str | None = "Về việc rà soát kế hoạch vốn đầu tư công năm 2027",
	content: str | None = CONTENT,
	signer=("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Minh Quang"),
	due_date: str | None = "2027/01/15",
	priority: str | None = "1",
	steering_type: str | None = "1",
	to_places=("Như trên", "Lưu: VT, KT"),
	response_for=None,
	attachments=None,
	prefix: bool = True,
	namespace: bool = True,
	declare_namespace: bool = True,
	omit: tuple[str, ...] = (),
) -> bytes:
	"""One package. A None value leaves its element out; `omit` leaves out whole blocks by name
	(From, To, Code, ...). `prefix=False` writes names without `edXML:` (still in the namespace when
	`namespace`), `declare_namespace=False` keeps the prefixes without declaring them."""
	p = "edXML:" if prefix else ""

	def el(name, value):
		return "" if value is None else f"<{p}{name}>{escape(value)}</{p}{name}>"

	def block(name, *inner):
		return "" if name in omit else f"<{p}{name}>{''.join(inner)}</{p}{name}>"

	def organization(name, organ_id, organ_name):
		return block(
			name,
			el("OrganId", organ_id),
			el("OrganizationInCharge", "Văn phòng"),
			el("OrganName", organ_name),
			el("OrganAdd", "Số 1 đường Lê Lợi"),
			el("Email", "vanthu@example.gov.vn"),
			el("Telephone", "0270 3822 000"),
		)

	attachments = default_attachments() if attachments is None else attachments
	header = "".join(
		[
			organization("From", *sender) if sender else "",
			*(organization("To", *to) for to in recipients),
			el("DocumentId", document_id),
			block("Code", el("CodeNumber", code_number), el("CodeNotation", code_notation)),
			block("PromulgationInfo", el("Place", place), el("PromulgationDate", promulgation_date)),
			block(
				"DocumentType",
				el("Type", document_type[0]),
				el("TypeDetail", document_type[1]),
				el("TypeName", document_type[2]),
			)
			if document_type
			else "",
			el("Subject", subject),
			el("Content", content),
			block(
				"SignerInfo",
				el("Competence", signer[0]),
				el("Position", signer[1]),
				el("FullName", signer[2]),
			)
			if signer
			else "",
			el("DueDate", due_date),
			block("ToPlaces", *(el("Place", place) for place in to_places)),
			block(
				"OtherInfo",
				el("Priority", priority),
				el("SphereOfPromulgation", "Trong tỉnh"),
				el("PageAmount", "2"),
			),
			el("SteeringType", steering_type),
			block(
				"ResponseFor",
				el("OrganId", response_for[0]),
				el("Code", response_for[1]),
				el("PromulgationDate", response_for[2]),
				el("DocumentId", response_for[3]),
			)
			if response_for
			else "",
		]
	)
	references = "".join(
		f"<{p}Reference><{p}ContentId>cid:{i}</{p}ContentId>"
		f"<{p}AttachmentName>{escape(a['name'] or '')}</{p}AttachmentName>"
		f"<{p}Description>{escape(a['description'])}</{p}Description></{p}Reference>"
		for i, a in enumerate(attachments, 1)
		if a["name"]
	)
	encoded = "".join(
		"<Attachment>"
		+ f"<{p}ContentId>cid:{i}</{p}ContentId>"
		+ (f"<{p}ContentType>{a['content_type']}</{p}ContentType>" if a["content_type"] else "")
		+ (f"<{p}AttachmentName>{escape(a['name'])}</{p}AttachmentName>" if a["name"] else "")
		+ f"<{p}ContentTransferEncoded>{base64.encodebytes(a['content']).decode()}</{p}ContentTransferEncoded>"
		+ "</Attachment>"
		for i, a in enumerate(attachments, 1)
	)
	xmlns = ""
	if namespace and declare_namespace:
		xmlns = f' xmlns:edXML="{NAMESPACE}"' if prefix else f' xmlns="{NAMESPACE}"'
	trace = (
		f"<{p}TraceHeaderList><{p}TraceHeader><{p}OrganId>{sender[0] if sender else ''}</{p}OrganId>"
		f"<{p}Timestamp>2026/11/20 08:30:00</{p}Timestamp></{p}TraceHeader></{p}TraceHeaderList>"
	)
	return (
		'<?xml version="1.0" encoding="UTF-8"?>\n'
		f"<{p}edXML{xmlns}><{p}edXMLEnvelope><{p}edXMLHeader><{p}MessageHeader>{header}</{p}MessageHeader>"
		f'{trace}</{p}edXMLHeader><{p}edXMLBody><{p}edXMLManifest version="1.0">{references}'
		f"</{p}edXMLManifest></{p}edXMLBody></{p}edXMLEnvelope>"
		f"<AttachmentEncoded>{encoded}</AttachmentEncoded></{p}edXML>"
	).encode()


def large_package(size: int, **kwargs) -> bytes:
	"""A package whose one attachment is a PDF of about `size` bytes."""
	content = pdf_bytes("Ban lon", padding=max(0, size - len(pdf_bytes("Ban lon")) - 40))
	return package(attachments=[attachment("ban-lon.pdf", content, "application/pdf")], **kwargs)


XXE = (
	b'<?xml version="1.0"?>\n<!DOCTYPE edXML [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
	b'<edXML:edXML xmlns:edXML="' + NAMESPACE.encode() + b'"><edXML:edXMLEnvelope><edXML:edXMLHeader>'
	b"<edXML:MessageHeader><edXML:DocumentId>XXE-1</edXML:DocumentId><edXML:Subject>&xxe;</edXML:Subject>"
	b"</edXML:MessageHeader></edXML:edXMLHeader></edXML:edXMLEnvelope></edXML:edXML>"
)

BILLION_LAUGHS = (
	b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
	+ b"".join(
		b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
		for i in range(1, 10)
	)
	+ b']>\n<edXML xmlns="'
	+ NAMESPACE.encode()
	+ b'"><edXMLEnvelope><edXMLHeader><MessageHeader><DocumentId>LOL-1</DocumentId>'
	b"<Subject>&lol9;</Subject></MessageHeader></edXMLHeader></edXMLEnvelope></edXML>"
)

NOT_XML = b"%PDF-1.4 this is not xml <edXML"

NOT_EDXML = (
	b'<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">'
	b"<soap:Body><Hello/></soap:Body></soap:Envelope>"
)
