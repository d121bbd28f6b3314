"""Reading edXML packages (chidao_dieuhanh/edxml.py) without a site, on the packages of
chidao_dieuhanh/tests/edxml_samples.py."""

import base64
from datetime import date

import pytest

from chidao_dieuhanh import edxml
from chidao_dieuhanh.tests import edxml_samples as samples

MAPPING = [
	("", "Công văn", "Official Letter"),
	("QĐ", "Quyết định", "Decision"),
	("TB", "Thông báo kết luận", "Conclusion Notice"),
]


def test_full_package_is_read():
	package = edxml.parse(samples.package())
	assert package.sender.organ_id == "000.00.00.H13"
	assert package.sender.name == "Ủy ban nhân dân tỉnh"
	assert [(to.organ_id, to.name) for to in package.recipients] == list(samples.RECIPIENTS)
	assert package.document_id == "000.00.00.H13,2026/11/20,1775/UBND-KT"
	assert package.document_number == "1775/UBND-KT"
	assert package.place == "Hòa An"
	assert package.promulgation_date == date(2026, 11, 20)
	assert (package.document_type_code, package.document_type_name) == ("1", "Công văn")
	assert package.subject == "Về việc rà soát kế hoạch vốn đầu tư công năm 2027"
	assert package.content == samples.CONTENT
	assert package.signer == edxml.Signer("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Minh Quang")
	assert package.due_date == date(2027, 1, 15)
	assert (package.priority, package.urgency) == ("1", "Urgent")
	assert package.steering_type == "1"
	assert package.to_places == ["Như trên", "Lưu: VT, KT"]
	assert package.response_for is None


def test_attachments_are_decoded_and_zips_unpacked():
	attachments = edxml.parse(samples.package()).attachments
	assert [(a.name, a.content_type, a.description) for a in attachments] == [
		("1775-UBND-KT.pdf", "application/pdf", "Văn bản chính"),
		("Phụ lục 1.pdf", "application/pdf", "Phụ lục"),
		("bang-tong-hop.txt", "text/plain", "Phụ lục"),
	]
	assert attachments[0].content == samples.pdf_bytes("Cong van 1775")
	assert attachments[2].content == "Bảng tổng hợp".encode()


@pytest.mark.parametrize(
	"variant",
	[
		{"prefix": True},
		{"prefix": False},
		{"prefix": False, "namespace": False},
		{"prefix": True, "declare_namespace": False},
	],
	ids=["edXML-prefix", "default-namespace", "no-namespace", "undeclared-prefix"],
)
def test_with_or_without_prefixes_and_namespace(variant):
	package = edxml.parse(samples.package(**variant))
	assert package.document_number == "1775/UBND-KT"
	assert package.sender.organ_id == "000.00.00.H13"
	assert len(package.recipients) == 2
	assert len(package.attachments) == 3


def test_missing_and_empty_elements():
	package = edxml.parse(
		samples.package(
			code_notation="",
			place=None,
			promulgation_date=None,
			document_type=None,
			subject="",
			content=None,
			signer=None,
			due_date="",
			priority=None,
			steering_type=None,
			to_places=(),
			recipients=(),
			attachments=[],
			omit=("OtherInfo",),
		)
	)
	assert package.document_number == "1775"
	assert package.promulgation_date == date(2026, 11, 20)  # from the DocumentId
	assert package.place == package.subject == package.content == package.document_type_name == ""
	assert package.signer == edxml.Signer()
	assert package.due_date is None
	assert package.urgency == "Normal"
	assert package.recipients == package.attachments == package.to_places == []


def test_package_without_sender_or_code():
	package = edxml.parse(samples.package(sender=None, omit=("Code",), document_id=""))
	assert package.sender == edxml.Organization()
	assert package.document_number == package.document_id == ""
	assert package.promulgation_date == date(2026, 11, 20)


def test_response_for():
	package = edxml.parse(
		samples.package(
			response_for=("000.00.01.H13", "12/STC-NS", "2026/10/01", "000.00.01.H13,2026/10/01,12/STC-NS")
		)
	)
	assert package.response_for == edxml.ResponseFor(
		"000.00.01.H13", "12/STC-NS", date(2026, 10, 1), "000.00.01.H13,2026/10/01,12/STC-NS"
	)


@pytest.mark.parametrize(
	("text", "expected"),
	[
		("2026/11/20", date(2026, 11, 20)),
		("20/11/2026", date(2026, 11, 20)),
		("2026-11-20", date(2026, 11, 20)),
		("20-11-2026", date(2026, 11, 20)),
		("2026/11/20 08:30:00", date(2026, 11, 20)),
		("20/11/2026 08:30", date(2026, 11, 20)),
		("2026-11-20T08:30:00+07:00", date(2026, 11, 20)),
		("2026-11-20T08:30:00.123Z", date(2026, 11, 20)),
		(" 2026/1/5 ", date(2026, 1, 5)),
		("", None),
		("ngày 20 tháng 11", None),
		("2026/13/45", None),
	],
)
def test_dates_in_the_forms_senders_use(text, expected):
	assert edxml.parse_date(text) == expected


def test_date_forms_in_a_package():
	package = edxml.parse(samples.package(promulgation_date="20/11/2026", due_date="2027-01-15T17:00:00"))
	assert (package.promulgation_date, package.due_date) == (date(2026, 11, 20), date(2027, 1, 15))


def test_attachment_without_name_gets_one():
	package = edxml.parse(
		samples.package(
			attachments=[
				samples.attachment(None, samples.pdf_bytes(), "application/pdf"),
				samples.attachment(None, b"plain", None),
				samples.attachment(None, samples.zip_bytes({"a/b/trong-zip.pdf": samples.pdf_bytes()}), None),
			]
		)
	)
	assert [(a.name, a.content_type) for a in package.attachments] == [
		("attachment-1.pdf", "application/pdf"),
		("attachment-2.bin", "application/octet-stream"),
		("trong-zip.pdf", "application/pdf"),
	]


def test_name_from_manifest_and_names_made_safe():
	data = samples.package(
		attachments=[samples.attachment("../../etc/x.pdf", samples.pdf_bytes(), "application/pdf")]
	)
	assert [a.name for a in edxml.parse(data).attachments] == ["x.pdf"]
	name = b"<edXML:AttachmentName>../../etc/x.pdf</edXML:AttachmentName>"
	head, _name, tail = data.rpartition(name)  # the attachment's own, after the manifest's
	without_name = head + tail
	assert without_name != data
	assert [a.name for a in edxml.parse(without_name).attachments] == ["x.pdf"]  # the manifest's name


def test_office_documents_are_not_unpacked():
	docx = samples.zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})
	package = edxml.parse(
		samples.package(
			attachments=[
				samples.attachment(
					"du-thao.docx",
					docx,
					"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
				),
				samples.attachment(None, docx, None),
			]
		)
	)
	assert [a.content for a in package.attachments] == [docx, docx]
	assert package.attachments[0].name == "du-thao.docx"


def test_broken_zip_and_bad_base64_are_refused():
	with pytest.raises(edxml.BadAttachment):
		edxml.parse(
			samples.package(attachments=[samples.attachment("a.zip", b"PK\x03\x04broken", "application/zip")])
		)
	bad = samples.package(attachments=[samples.attachment("a.pdf", b"x", "application/pdf")]).replace(
		base64.encodebytes(b"x").strip(), b"e"
	)
	with pytest.raises(edxml.BadAttachment):
		edxml.parse(bad)


@pytest.mark.parametrize(
	("data", "error"),
	[
		(samples.NOT_XML, edxml.NotXml),
		(b"", edxml.NotXml),
		(b"   \n", edxml.NotXml),
		(samples.package()[:-20], edxml.NotXml),
		(samples.NOT_EDXML, edxml.NotEdxml),
		(b'<edXML xmlns="http://example.org/other"><MessageHeader/></edXML>', edxml.NotEdxml),
		(b'<edXML:edXML xmlns:edXML="' + samples.NAMESPACE.encode() + b'"/>', edxml.NotEdxml),
		(samples.XXE, edxml.ForbiddenEntity),
		(samples.BILLION_LAUGHS, edxml.ForbiddenEntity),
	],
	ids=[
		"not-xml",
		"empty",
		"blank",
		"truncated",
		"soap",
		"other-namespace",
		"no-header",
		"xxe",
		"billion-laughs",
	],
)
def test_bad_packages(data, error):
	with pytest.raises(error):
		edxml.parse(data)


def test_xxe_reads_nothing():
	with pytest.raises(edxml.ForbiddenEntity) as raised:
		edxml.parse(samples.XXE)
	assert "root:" not in str(raised.value)


def test_size_limits():
	data = samples.large_package(200_000)
	content = edxml.parse(data, max_bytes=len(data)).attachments[0].content
	assert content.startswith(b"%PDF-") and 200_000 <= len(content) < 200_100
	with pytest.raises(edxml.PackageTooLarge):
		edxml.parse(data, max_bytes=len(data) - 1)
	bomb = samples.zip_bytes({"bomb.txt": b"0" * 5_000_000})
	with pytest.raises(edxml.PackageTooLarge):
		edxml.parse(
			samples.package(attachments=[samples.attachment("b.zip", bomb, "application/zip")]),
			max_bytes=1_000_000,
		)


@pytest.mark.parametrize(
	("value", "valid"),
	[
		("000.00.00.H13", True),
		("002.00.20.H13", True),
		("000.00.01.G12", True),
		("000.00.00.h13", False),
		("000.00.00.H1", False),
		("00.00.00.H13", False),
		("000.00.00.H13 ", False),
		("000-00-00-H13", False),
		("", False),
	],
)
def test_organ_id_format(value, valid):
	assert edxml.is_valid_organ_id(value) is valid


@pytest.mark.parametrize(
	("priority", "urgency"),
	[
		("0", "Normal"),
		("1", "Urgent"),
		("2", "Very Urgent"),
		("3", "Flash"),
		("4", "Flash"),
		("", "Normal"),
		("9", "Normal"),
	],
)
def test_urgency_from_priority(priority, urgency):
	assert edxml.urgency(priority) == urgency


@pytest.mark.parametrize(
	("code", "name", "expected"),
	[
		("QĐ", "", "Decision"),
		("qđ", "anything", "Decision"),
		("99", "Công văn", "Official Letter"),
		("", "  CÔNG   VĂN ", "Official Letter"),
		("", "Thông báo kết luận", "Conclusion Notice"),
		("", "Tờ trình", "Other"),
		("", "", "Other"),
	],
)
def test_document_type_mapping(code, name, expected):
	assert edxml.map_document_type(code, name, MAPPING) == expected
