"""The official report's wording and pagination (Nghị định 30/2020/NĐ-CP), without a site."""

from datetime import date

from chidao_dieuhanh import official_report as report
from chidao_dieuhanh.settings import IssuingOffice, SigningSettings


def office(**values) -> IssuingOffice:
	fields = dict.fromkeys(IssuingOffice.__dataclass_fields__, "")
	return IssuingOffice(**{**fields, **values})


def signer(**values) -> SigningSettings:
	fields = {
		"certificate": "",
		"password": "",
		"signer_name": "",
		"signer_title": "",
		"reason": "",
		"location": "",
	}
	return SigningSettings(**{**fields, **values})


def test_day_and_month_zero_padded_as_nghi_dinh_30_asks():
	assert report.date_words(date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
	assert report.date_words(date(2026, 1, 9)) == "ngày 09 tháng 01 năm 2026"
	assert report.date_words(date(2026, 3, 10)) == "ngày 10 tháng 3 năm 2026"
	assert report.date_words(date(2026, 9, 30)) == "ngày 30 tháng 9 năm 2026"
	assert report.date_words(date(2026, 12, 1)) == "ngày 01 tháng 12 năm 2026"
	assert report.date_line("Hòa An", date(2026, 2, 5)) == "Hòa An, ngày 05 tháng 02 năm 2026"


def test_date_left_blank_for_the_signing_day():
	gap = "\u00a0" * 6
	assert report.date_line("Hòa An", None, 2027) == f"Hòa An, ngày{gap}tháng{gap}năm 2027"
	assert report.date_line("", date(2026, 2, 5)).startswith("......, ngày 05")


def test_body_dates():
	assert report.short_date("2026-03-09") == "09/03/2026"
	assert report.period_text({"from_date": "2026-01-01"}) == "từ ngày 01/01/2026 đến ngày ..."


def test_agency_block_authority_above_office():
	full = office(
		issuing_authority="Ủy ban nhân dân tỉnh Hòa An", office_name="Văn phòng Ủy ban nhân dân tỉnh Hòa An"
	)
	assert report.agency_block(full) == ("ỦY BAN NHÂN DÂN TỈNH HÒA AN", "VĂN PHÒNG")
	assert report.agency_block(office(province_name="tỉnh Hòa An")) == (
		"ỦY BAN NHÂN DÂN TỈNH HÒA AN",
		"VĂN PHÒNG",
	)
	assert report.agency_block(office()) == ("ỦY BAN NHÂN DÂN TỈNH", "VĂN PHÒNG")


def test_signature_lines_kt_for_a_deputy():
	assert report.signature_lines(signer(signer_title="Chánh Văn phòng")) == ["CHÁNH VĂN PHÒNG"]
	deputy = signer(signer_title="Phó Chánh Văn phòng", signs_for_head=True, head_title="Chánh Văn phòng")
	assert report.signature_lines(deputy) == ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"]
	assert report.signature_lines(signer(signs_for_head=True)) == [
		"KT. CHÁNH VĂN PHÒNG",
		"PHÓ CHÁNH VĂN PHÒNG",
	]


def test_table_cut_into_pages():
	rows = [{"agency": f"Sở {n}"} for n in range(40)]
	pages, closing_apart = report.pages_of_rows(rows, with_role=False)
	assert [len(p) for p in pages] == [
		report.FIRST_PAGE_LINES,
		report.PAGE_LINES,
		40 - report.FIRST_PAGE_LINES - report.PAGE_LINES,
	]
	assert not closing_apart
	long_name = {"agency": "Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh"}
	assert report.row_lines(long_name, with_role=False) == 2
	assert report.row_lines(long_name, with_role=True) == 3
	pages, closing_apart = report.pages_of_rows([{"agency": "A"}] * report.FIRST_PAGE_LINES, with_role=False)
	assert len(pages) == 1 and closing_apart
	assert report.pages_of_rows([], with_role=False) == ([[]], False)
