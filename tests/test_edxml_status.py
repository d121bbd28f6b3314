"""The edXML Status message (QCVN 102:2016/BTTTT) built and read back, without a site."""

from datetime import date, datetime, timedelta
from xml.etree import ElementTree

import pytest

from chidao_dieuhanh import edxml_status as es

NS = {"edXML": es.NAMESPACE}


def make_status(code="04", description="Đã phân công nhiệm vụ NV-2026-00001.") -> es.Status:
	return es.Status(
		response_for=es.ResponseFor(
			organ_id="000.00.00.H13",
			code="1775/UBND-KGVX",
			promulgation_date=date(2026, 11, 5),
			document_id="000.00.00.H13,2026/11/05,1775/UBND-KGVX",
		),
		sender=es.Organ(organ_id="000.00.01.H13", organ_name="Văn phòng UBND tỉnh"),
		status_code=code,
		description=description,
		timestamp=datetime(2026, 12, 1, 9, 5, 7),
		staff=es.StaffInfo(
			department="Văn phòng UBND tỉnh", staff="Nguyễn Văn A", email="a@demo.gov.vn", mobile="0912345678"
		),
	)


def test_status_xml_is_prefixed_edxml_with_every_part():
	xml = es.build_status_xml(make_status())
	assert xml.startswith("<?xml version='1.0' encoding='utf-8'?>")
	root = ElementTree.fromstring(xml)
	assert root.tag == f"{{{es.NAMESPACE}}}edXMLEnvelope"
	assert 'xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"' in xml
	assert "<edXML:StatusCode>04</edXML:StatusCode>" in xml  # the prefix the national gateway insists on
	status = root.find("edXML:edXMLHeader/edXML:Status", NS)
	assert [child.tag.split("}")[1] for child in status] == [
		"ResponseFor",
		"From",
		"StatusCode",
		"Description",
		"Timestamp",
		"StaffInfo",
	]
	assert status.findtext("edXML:ResponseFor/edXML:OrganId", namespaces=NS) == "000.00.00.H13"
	assert status.findtext("edXML:ResponseFor/edXML:PromulgationDate", namespaces=NS) == "2026/11/05"
	assert status.findtext("edXML:From/edXML:OrganName", namespaces=NS) == "Văn phòng UBND tỉnh"
	assert status.findtext("edXML:Timestamp", namespaces=NS) == "2026/12/01 09:05:07"


def test_status_xml_reads_back():
	parsed = es.parse_status_xml(
		es.build_status_xml(make_status("06", "Đã hoàn thành văn bản 1775/UBND-KGVX."))
	)
	assert parsed["StatusCode"] == "06"
	assert parsed["Description"] == "Đã hoàn thành văn bản 1775/UBND-KGVX."
	assert parsed["ResponseFor"] == {
		"OrganId": "000.00.00.H13",
		"Code": "1775/UBND-KGVX",
		"PromulgationDate": "2026/11/05",
		"DocumentId": "000.00.00.H13,2026/11/05,1775/UBND-KGVX",
	}
	assert parsed["From"]["OrganId"] == "000.00.01.H13"
	assert parsed["StaffInfo"] == {
		"Department": "Văn phòng UBND tỉnh",
		"Staff": "Nguyễn Văn A",
		"Mobile": "0912345678",
		"Email": "a@demo.gov.vn",
	}


def test_text_is_escaped_not_markup():
	xml = es.build_status_xml(make_status(description='Nội dung <b>&</b> "trích dẫn" </edXML:Description>'))
	assert es.parse_status_xml(xml)["Description"] == 'Nội dung <b>&</b> "trích dẫn" </edXML:Description>'


def test_status_without_prefixes_is_read_too():
	xml = (
		f'<edXMLEnvelope xmlns="{es.NAMESPACE}"><edXMLHeader><Status><ResponseFor><OrganId>X</OrganId>'
		"</ResponseFor><StatusCode>03</StatusCode></Status></edXMLHeader></edXMLEnvelope>"
	)
	parsed = es.parse_status_xml(xml)
	assert parsed["StatusCode"] == "03"
	assert parsed["ResponseFor"] == {"OrganId": "X"}
	assert parsed["StaffInfo"] == {}


def test_parser_refuses_entities_and_other_documents():
	bomb = '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaa">]><s>&a;</s>'
	with pytest.raises(Exception):
		es.parse_status_xml(bomb)
	with pytest.raises(ValueError):
		es.parse_status_xml("<other/>")


def test_unknown_status_code_is_refused():
	with pytest.raises(ValueError):
		es.build_status_xml(make_status(code="99"))


def task(confidential: bool) -> es.TaskSummary:
	return es.TaskSummary(
		name="NV-2026-00001",
		lead_agency="Sở Tài chính",
		deadline=date(2027, 1, 15),
		content="Rà soát dự án đầu tư công chậm tiến độ",
		reason="Không thuộc chức năng",
		confidential=confidential,
	)


def test_description_of_a_task():
	text = es.describe(es.ASSIGNED, task(False), "1775/UBND-KGVX")
	assert text == (
		"Đã phân công nhiệm vụ NV-2026-00001; đơn vị chủ trì: Sở Tài chính; hạn xử lý: 15/01/2027;"
		" nội dung: Rà soát dự án đầu tư công chậm tiến độ."
	)
	assert "lý do: Không thuộc chức năng" in es.describe(es.REFUSED, task(False))


def test_description_of_a_confidential_task_has_no_content():
	for code in (es.ASSIGNED, es.IN_PROGRESS, es.REFUSED):
		text = es.describe(code, task(True))
		assert "Rà soát" not in text and "Không thuộc" not in text
		assert es.CONFIDENTIAL_NOTE in text
		assert "NV-2026-00001" in text and "15/01/2027" in text


def test_description_of_the_directive():
	assert es.describe(es.RECEIVED, None, "1775/UBND-KGVX") == "Đã tiếp nhận văn bản 1775/UBND-KGVX."


def test_retry_delay_doubles_up_to_a_cap():
	assert [es.retry_delay(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
	assert es.retry_delay(30) == timedelta(hours=6)


def test_event_keys():
	assert es.event_key("CD-1", es.ASSIGNED, "NV-1", "t1") == es.event_key("CD-1", es.ASSIGNED, "NV-2", "t2")
	assert es.event_key("CD-1", es.REFUSED, "NV-1", "t1") != es.event_key("CD-1", es.REFUSED, "NV-1", "t2")


def test_sender_code_from_document_id():
	assert es.organ_id_from_document_id("000.00.00.H13,2026/11/05,1775/UBND-KGVX") == "000.00.00.H13"
	assert es.organ_id_from_document_id(None) == ""
