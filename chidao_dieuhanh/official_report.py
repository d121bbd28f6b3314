"""Báo cáo kết quả thực hiện nhiệm vụ: the official report, one layout for the PDF the office prints and the
one it signs.

Built on the server from the Task Statistics by Agency report run as the user (so with the user's
permissions), rendered with `templates/signed_reports/task_results_report.html` and printed by
wkhtmltopdf. Laid out as Nghị định 30/2020/NĐ-CP, Phụ lục I (a Báo cáo): the agency block (the province's
issuing authority above the office, from Directive Settings → Issuing Office), số and ký hiệu, Quốc hiệu
and Tiêu ngữ, place and date ("ngày 05 tháng 02 năm 2026", or left blank for the signing day), title and
trích yếu, body, the table, Nơi nhận and the signature block ("KT." for a deputy); A4 landscape (the table is
wide), margins 20/20/31/15 mm, Times New Roman (Liberation Serif, metric-compatible, where it is not
installed), page numbers centred in the top margin from page 2.

wkhtmltopdf as Debian ships it (Qt without wkhtmltopdf's patches) draws no headers or footers, so the page
numbers are printed by wkhtmltopdf on pages of their own and laid over the report's pages (pypdf).
"""

import io
import re
from datetime import date

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime

from chidao_dieuhanh import settings

REPORT = "Task Statistics by Agency"
TEMPLATE = "chidao_dieuhanh/templates/signed_reports/task_results_report.html"
FILE_NAME = "bao-cao-ket-qua-thuc-hien-nhiem-vu.pdf"

# Nghị định 30/2020, Phụ lục I, I.2: top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
# wkhtmltopdf rounds a margin down to its pixel (30 mm comes out 29.9 mm), so the left one is 31 mm.
MARGINS = {"margin-top": "20mm", "margin-bottom": "20mm", "margin-left": "31mm", "margin-right": "15mm"}
PDF_OPTIONS = {"orientation": "Landscape", "page-size": "A4", **MARGINS}
# The page number: 13 pt, upright, centred over the text in the top margin, its line 9 mm from the top
# edge (its baseline about 13 mm).
PAGE_NUMBER_TOP = "9mm"
PAGE_NUMBER_PT = 13
# Points: what the signature box needs between the signer's title and name (A4 landscape is 842 x 595).
SIGNATURE_SPACE_PT = 85
SIGNATURE_BOX_WIDTH = 230  # as the signature boxes of signatures.py
SIGNATURE_COLUMN = 0.45  # of the text's width: the template's .signature cell
# Lines of the table (12 pt) a page holds below the heading block (first page) or the table's heading;
# Nơi nhận and the signature block take about as much as CLOSING_LINES.
FIRST_PAGE_LINES = 12
PAGE_LINES = 23
CLOSING_LINES = 9
FONT_FAMILY = '"Times New Roman", "Liberation Serif", serif'


class OfficialReportError(frappe.ValidationError):
	http_status_code = 417


# --------------------------------------------------------------------------------------------------
# Wording (pure)
# --------------------------------------------------------------------------------------------------


def date_words(day: date | None, year: int | None = None) -> str:
	"""The date of an official document: "ngày 05 tháng 02 năm 2026" (Nghị định 30: a 0 before days 1-9
	and months 1 and 2); without a day, the spaces left for the signing day ("ngày      tháng      năm
	2026", non-breaking)."""
	if day is None:
		gap = "\u00a0" * 6
		return f"ngày{gap}tháng{gap}năm {year or date.today().year}"
	month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
	return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def date_line(place: str, day: date | None, year: int | None = None) -> str:
	"""Địa danh and date: "Hòa An, ngày 05 tháng 02 năm 2026"."""
	return f"{place or '......'}, {date_words(day, year)}"


def short_date(value) -> str:
	"""Dates in the body: dd/mm/yyyy."""
	return getdate(value).strftime("%d/%m/%Y") if value else "..."


def upper(text: str) -> str:
	return (text or "").upper()


def agency_block(office: settings.IssuingOffice) -> tuple[str, str]:
	"""The issuing authority above the issuing office, upper case: ("ỦY BAN NHÂN DÂN TỈNH HÒA AN",
	"VĂN PHÒNG"). The office's name loses the authority's name it ends with ("Văn phòng Ủy ban nhân dân
	tỉnh Hòa An" is written "VĂN PHÒNG" under the authority)."""
	authority = office.issuing_authority
	if not authority and office.province_name:
		authority = f"Ủy ban nhân dân {office.province_name}"
	authority = upper(authority or "Ủy ban nhân dân tỉnh")
	name = upper(office.office_name or "Văn phòng")
	if name != authority and name.endswith(authority):
		name = name[: -len(authority)].strip(" ,-")
	return authority, name or "VĂN PHÒNG"


def signature_lines(config: settings.SigningSettings) -> list[str]:
	"""The signature block's title lines: ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"] for a deputy,
	else ["CHÁNH VĂN PHÒNG"]."""
	if config.signs_for_head:
		return [
			f"KT. {upper(config.head_title or 'Chánh Văn phòng')}",
			upper(config.signer_title or "Phó Chánh Văn phòng"),
		]
	return [upper(config.signer_title or "Chánh Văn phòng")]


def row_lines(row: dict, with_role: bool) -> int:
	"""Lines a row of the table takes: the agency's name wraps at about 30 letters (40 without the role
	column)."""
	width = 30 if with_role else 40
	return max(1, -(-len(str(row.get("agency") or "")) // width))


def pages_of_rows(rows: list[dict], with_role: bool) -> tuple[list[list[dict]], bool]:
	"""The table's rows cut into pages (wkhtmltopdf as Debian ships it cuts a row in two at the foot of a
	page and repeats no heading, so the server cuts the table, each page under its heading), and whether
	Nơi nhận and the signature block go to a page of their own (they do not fit under the last rows)."""
	pages, page, used, room = [], [], 0, FIRST_PAGE_LINES
	for row in rows:
		lines = row_lines(row, with_role)
		if page and used + lines > room:
			pages.append(page)
			page, used, room = [], 0, PAGE_LINES
		page.append(row)
		used += lines
	pages.append(page)
	return pages, used + 1 + CLOSING_LINES > room


def period_text(filters: dict) -> str:
	return f"từ ngày {short_date(filters.get('from_date'))} đến ngày {short_date(filters.get('to_date'))}"


# --------------------------------------------------------------------------------------------------
# The report's data, the HTML and the PDF
# --------------------------------------------------------------------------------------------------


def report_data(filters: dict) -> dict:
	"""The report's rows as the user sees them (Frappe checks the user may run it)."""
	from frappe.desk.query_report import run

	result = run(REPORT, filters=frappe.as_json(filters), are_default_filters=False)
	data = [row for row in result.get("result") or [] if isinstance(row, dict)]
	return {
		"rows": [row for row in data if not row.get("is_total_row")],
		"total": next((row for row in data if row.get("is_total_row")), {}),
		"with_role": any(col.get("fieldname") == "agency_role" for col in result.get("columns") or []),
	}


def context(filters: dict, blank_date: bool = False, day: date | None = None) -> dict:
	"""What the template shows; `day` is the report's date (today when not given)."""
	office = settings.issuing_office()
	signing = settings.signing_settings()
	today = day or now_datetime().date()
	authority, office_line = agency_block(office)
	data = report_data(filters)
	pages, closing_on_new_page = pages_of_rows(data["rows"], data["with_role"])
	return {
		**data,
		"pages": pages,
		"closing_on_new_page": closing_on_new_page,
		"authority": authority,
		"office_line": office_line,
		"notation": "BC-VP",
		"date_line": date_line(
			office.place_name or signing.location, None if blank_date else today, today.year
		),
		"period": period_text(filters),
		"by_deadline": filters.get("date_basis") == "Deadline",
		"signature_lines": signature_lines(signing),
		"signer_name": signing.signer_name,
		"office": office,
		"signature_space_pt": SIGNATURE_SPACE_PT,
	}


def html(filters: dict, blank_date: bool = False, day: date | None = None) -> str:
	return frappe.render_template(
		TEMPLATE,
		{**context(filters, blank_date, day), "zoom": css_zoom(), "page_margins": page_margins_css(MARGINS)},
	)


def page_margins_css(margins: dict) -> str:
	"""The margins as Frappe's get_pdf takes them from the HTML (a `.print-format` rule): without it, it
	sets the top and bottom margins to 15 mm whatever the options say."""
	return ".print-format { " + " ".join(f"{key}: {value};" for key, value in margins.items()) + " }"


def css_zoom() -> float:
	"""The factor that makes 1pt of the page's CSS 1pt of the PDF (the template multiplies its lengths;
	CSS zoom would break wkhtmltopdf's page breaks). wkhtmltopdf built on Qt without its
	patches (Debian's) draws a CSS point as about 0.77 pt (its pixel is 0.576 pt, not 0.75), so the sizes
	of Nghị định 30 would come out a quarter too small; a patched build may draw them right. Measured once
	per wkhtmltopdf version on a 100 pt letter, kept in the cache."""
	from frappe.utils.pdf import get_wkhtmltopdf_version

	key = f"chidao_dieuhanh:official_report_zoom:{get_wkhtmltopdf_version()}"
	zoom = frappe.cache.get_value(key)
	if not zoom:
		zoom = round(100 / measured_letter_size(), 4)
		frappe.cache.set_value(key, zoom, expires_in_sec=7 * 24 * 3600)
	return float(zoom)


def measured_letter_size() -> float:
	"""The size in the PDF of a letter set at 100pt in CSS."""
	from frappe.utils.pdf import get_pdf
	from pypdf import PdfReader

	content = get_pdf(
		"<!DOCTYPE html><html><head><meta charset='utf-8'></head>"
		f"<body style='margin: 0; font-family: {FONT_FAMILY}'><div style='font-size: 100pt'>H</div></body></html>",
		dict(PDF_OPTIONS),
	)
	sizes = []

	def visit(text, cm, tm, font_dict, font_size):
		if text.strip():
			sizes.append(abs(font_size * tm[0] * cm[0]))

	PdfReader(io.BytesIO(content)).pages[0].extract_text(visitor_text=visit)
	if not sizes or not 20 < sizes[0] < 500:
		frappe.throw(_("The PDF printer (wkhtmltopdf) did not print the test letter."), OfficialReportError)
	return sizes[0]


def pdf(filters: dict, blank_date: bool = False, day: date | None = None) -> bytes:
	"""The official report as a PDF, page numbers included."""
	from frappe.utils.pdf import get_pdf

	return number_pages(get_pdf(html(filters, blank_date, day), dict(PDF_OPTIONS)))


def number_pages(content: bytes, first: int = 2) -> bytes:
	"""Page numbers centred in the top margin, from page `first` on (Nghị định 30: none on page 1)."""
	from frappe.utils.pdf import get_pdf
	from pypdf import PdfReader, PdfWriter

	reader = PdfReader(io.BytesIO(content))
	count = len(reader.pages)
	if count < first:
		return content
	pages = "".join(
		f'<div class="n{" next" if number > first else ""}">{number}</div>'
		for number in range(first, count + 1)
	)
	numbers = get_pdf(
		"<!DOCTYPE html><html><head><meta charset='utf-8'>"
		f"<style>{page_margins_css({**MARGINS, 'margin-top': PAGE_NUMBER_TOP, 'margin-bottom': '0mm'})}"
		f".n {{ font-family: {FONT_FAMILY}; font-size: {PAGE_NUMBER_PT * css_zoom():.2f}pt;"
		" text-align: center; line-height: 1; margin: 0; } .next { page-break-before: always; }"
		f"</style></head><body style='margin: 0'>{pages}</body></html>",
		{**PDF_OPTIONS, "margin-top": PAGE_NUMBER_TOP, "margin-bottom": "0mm"},
	)
	overlay = PdfReader(io.BytesIO(numbers))
	writer = PdfWriter(clone_from=reader)
	for index in range(first - 1, count):
		writer.pages[index].merge_page(without_background(overlay.pages[index - first + 1]))
	out = io.BytesIO()
	writer.write(out)
	return out.getvalue()


def without_background(page):
	"""The page without the white rectangle wkhtmltopdf paints under everything (Frappe always asks it to
	print backgrounds): a page of numbers has no other filled path."""
	content = page.get_contents()
	content.set_data(re.sub(rb"(?:-?[\d.]+\s+){4}re\s+f\*?\s", b"", content.get_data()))
	page.replace_contents(content)
	return page


def signature_box(content: bytes, signer_name: str, fallback: tuple[int, int, int, int]) -> tuple[int, ...]:
	"""Where the visible signature goes: in the signature block's space on the last page, between the
	title lines and the signer's name (Nghị định 30, Phụ lục I: the signer's image in the signing place),
	found from the name's position in the PDF; the fallback when the name is not found."""
	from pypdf import PdfReader

	if not signer_name:
		return fallback
	page = PdfReader(io.BytesIO(content)).pages[-1]
	found = []
	wanted = re.sub(r"\s+", "", signer_name)

	def visit(text, cm, tm, font_dict, font_size):
		if wanted and wanted in re.sub(r"\s+", "", text or ""):
			# Position in user space: the text matrix times the current matrix.
			x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
			y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
			found.append((x, y))

	page.extract_text(visitor_text=visit)
	if not found:
		return fallback
	_x, baseline = found[-1]
	# The signature block is the right SIGNATURE_COLUMN of the text's width, its lines centred.
	left, right = (mm_to_pt(MARGINS[side]) for side in ("margin-left", "margin-right"))
	text_width = float(page.mediabox.width) - left - right
	centre = left + text_width * (1 - SIGNATURE_COLUMN / 2)
	bottom = baseline + 18  # above the name's capitals
	return (
		round(centre - SIGNATURE_BOX_WIDTH / 2),
		round(bottom),
		round(centre + SIGNATURE_BOX_WIDTH / 2),
		round(bottom + SIGNATURE_SPACE_PT - 8),
	)


def mm_to_pt(value: str) -> float:
	return float(value.removesuffix("mm")) * 72 / 25.4


def check_filters(filters) -> dict:
	if isinstance(filters, str):
		try:
			filters = frappe.parse_json(filters or "{}")
		except ValueError:
			filters = None
	if not isinstance(filters, dict):
		frappe.throw(_("The report filters must be an object."), frappe.ValidationError)
	return {k: v for k, v in filters.items() if v not in (None, "")}
