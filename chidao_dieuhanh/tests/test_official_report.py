"""The official report (Báo cáo kết quả thực hiện nhiệm vụ) laid out as Nghị định 30/2020/NĐ-CP, Phụ lục I:
the PDF is made by wkhtmltopdf as in production and read back with poppler (pdftotext -bbox-layout,
pdfinfo, pdffonts, pdftoppm): texts, positions, sizes, page size, margins and page numbers."""

import re
import statistics
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import frappe
from frappe.tests.test_api import FrappeAPITestCase
from frappe.utils import add_days, today

from chidao_dieuhanh import official_report
from chidao_dieuhanh.api import official_report as api
from chidao_dieuhanh.settings import SETTINGS
from chidao_dieuhanh.task_states import ASSIGNED
from chidao_dieuhanh.tests.factories import (
	ProvinceTestCase,
	delete_mail_about,
	make_agency,
	make_directive,
	make_task,
)
from chidao_dieuhanh.tests.test_permissions import api_token

MM = 72 / 25.4
# pdftotext's word box is the font's ascent + descent: 1.107 em in Liberation Serif / Times New Roman.
EM_BOX = 1.107
GROUP = "Test Report Province"
FIELDS = {
	"province_name": "Tỉnh Hòa An",
	"issuing_authority": "Ủy ban nhân dân tỉnh Hòa An",
	"office_name": "Văn phòng Ủy ban nhân dân tỉnh Hòa An",
	"office_address": "Số 1 đường Trần Hưng Đạo, phường Hòa An",
	"place_name": "Hòa An",
	"signer_name": "Nguyễn Văn Phó",
	"signer_title": "Phó Chánh Văn phòng",
	"signs_for_head": 1,
	"head_title": "Chánh Văn phòng",
}
SUMMARY = "Báo cáo kết quả thử nghiệm (official report test)"
FILTERS = {"from_date": "2026-01-01", "to_date": "2026-12-31", "agency": GROUP}


@dataclass
class Line:
	page: int
	text: str
	x0: float
	y0: float  # from the top of the page, as pdftotext
	x1: float
	y1: float
	word_heights: list[float]

	@property
	def size(self) -> float:
		"""The font size in points."""
		return statistics.median(self.word_heights) / EM_BOX


def read_lines(pdf: bytes) -> list[Line]:
	with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
		file.write(pdf)
		file.flush()
		xhtml = subprocess.run(
			["pdftotext", "-bbox-layout", file.name, "-"], capture_output=True, check=True
		).stdout
	ns = {"x": "http://www.w3.org/1999/xhtml"}
	lines = []
	for number, page in enumerate(ET.fromstring(xhtml).iter("{http://www.w3.org/1999/xhtml}page"), 1):
		for line in page.iterfind(".//x:line", ns):
			words = line.findall("x:word", ns)
			lines.append(
				Line(
					number,
					" ".join(w.text or "" for w in words),
					*(float(line.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")),
					[float(w.get("yMax")) - float(w.get("yMin")) for w in words],
				)
			)
	return lines


def run_tool(tool: str, pdf: bytes, *args: str) -> str:
	with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
		file.write(pdf)
		file.flush()
		return subprocess.run([tool, *args, file.name], capture_output=True, text=True, check=True).stdout


class TestOfficialReport(ProvinceTestCase, FrappeAPITestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.saved = frappe.db.get_values_from_single(list(FIELDS), None, SETTINGS, as_dict=True)[0]
		for field, value in FIELDS.items():
			frappe.db.set_single_value(SETTINGS, field, value)
		cls.remove_records()
		make_agency(GROUP, is_group=1)
		# Thirty agencies: the table runs onto a second page.
		cls.agencies = [make_agency(f"Test Report Agency {n:02d}", parent=GROUP) for n in range(1, 31)]
		cls.directive = make_directive(summary=SUMMARY, document_number="7/UBND-BC")
		for agency in cls.agencies:
			make_task(cls.directive, agency, state=ASSIGNED, assignment_date="2026-03-02")
		make_task(cls.directive, cls.agencies[0], state="Completed", assignment_date="2026-03-02")
		cls.pdf = official_report.pdf(FILTERS, day=date(2026, 2, 5))
		cls.lines = read_lines(cls.pdf)
		cls.token_officer = api_token(cls.p.officer)
		cls.token_focal = api_token(cls.p.focal_a)
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		for field, value in cls.saved.items():
			frappe.db.set_single_value(SETTINGS, field, value)
		cls.remove_records()
		frappe.db.commit()
		super().tearDownClass()

	@classmethod
	def remove_records(cls):
		tasks = frappe.get_all(
			"Directive Task", {"lead_agency": ["like", "Test Report Agency %"]}, pluck="name"
		)
		delete_mail_about("Directive Task", tasks)
		for task in tasks:
			frappe.delete_doc("Directive Task", task, force=True, ignore_permissions=True)
		for directive in frappe.get_all("Directive", {"summary": SUMMARY}, pluck="name"):
			frappe.delete_doc("Directive", directive, force=True, ignore_permissions=True)
		for agency in frappe.get_all("Agency", {"name": ["like", "Test Report Agency %"]}, pluck="name"):
			frappe.delete_doc("Agency", agency, force=True, ignore_permissions=True)

	def line(self, text: str, page: int | None = None) -> Line:
		found = [ln for ln in self.lines if text in ln.text and (page is None or ln.page == page)]
		self.assertTrue(found, f"{text!r} not in the PDF: {[ln.text for ln in self.lines][:40]}")
		return found[0]

	def assertSize(self, text: str, low: float, high: float):
		size = self.line(text).size
		self.assertTrue(low - 0.3 <= size <= high + 0.3, f"{text!r} is {size:.1f} pt, not {low}-{high}")

	# The document as Nghị định 30 lays it out

	def test_texts_of_the_official_report(self):
		text = "\n".join(ln.text for ln in self.lines)
		for expected in (
			"ỦY BAN NHÂN DÂN TỈNH HÒA AN",
			"VĂN PHÒNG",
			"/BC-VP",
			"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
			"Độc lập - Tự do - Hạnh phúc",
			"Hòa An, ngày 05 tháng 02 năm 2026",
			"BÁO CÁO",
			"Kết quả thực hiện nhiệm vụ",
			"từ ngày 01/01/2026 đến ngày 31/12/2026",
			"Test Report Agency 01",
			"Test Report Agency 30",
			"Nơi nhận:",
			"- Chủ tịch, các PCT UBND tỉnh;",
			"- Các sở, ban, ngành;",
			"- UBND các xã, phường;",
			"- Lưu: VT, VP.",
			"KT. CHÁNH VĂN PHÒNG",
			"PHÓ CHÁNH VĂN PHÒNG",
			"Nguyễn Văn Phó",
			"Số 1 đường Trần Hưng Đạo",
		):
			self.assertIn(expected, text)
		number, notation = self.line("Số:"), self.line("/BC-VP")
		self.assertLess(abs(number.y0 - notation.y0), 1)
		self.assertGreater(notation.x0 - number.x1, 15)  # room for the number, written by the văn thư
		self.assertNotIn("huyện", text)  # no district level since 1 July 2025
		self.assertNotIn("VĂN PHÒNG ỦY BAN", text)  # the office under its authority, not its full name

	def test_a4_landscape_margins_and_times_new_roman(self):
		info = run_tool("pdfinfo", self.pdf)
		self.assertRegex(
			info, r"Page size:\s+841\.89 x 595\.276 pts \(A4\)|Page size:\s+842 x 595 pts \(A4\)"
		)
		left = min(ln.x0 for ln in self.lines)
		self.assertGreaterEqual(left, 30 * MM)
		self.assertLessEqual(left, 35 * MM + 20)  # the table's first cell
		right = max(ln.x1 for ln in self.lines)
		self.assertLessEqual(right, 842 - 15 * MM)
		page_one = [ln for ln in self.lines if ln.page == 1]
		self.assertGreaterEqual(min(ln.y0 for ln in page_one), 20 * MM - 3)  # a line box's top, less its gap
		fonts = run_tool("pdffonts", self.pdf).splitlines()[2:]
		self.assertTrue(fonts)
		for font in fonts:  # every letter, Vietnamese ones too, in Times New Roman or its metric twin
			self.assertRegex(font.split()[0], r"^(TimesNewRoman|LiberationSerif)", font)

	def test_heading_block_positions(self):
		authority = self.line("ỦY BAN NHÂN DÂN TỈNH HÒA AN")
		office = self.line("VĂN PHÒNG")
		nation = self.line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
		motto = self.line("Độc lập - Tự do - Hạnh phúc")
		place_date = self.line("Hòa An, ngày 05 tháng 02 năm 2026")
		self.assertGreater(nation.x0, authority.x1)  # the Quốc hiệu right of the agency block
		self.assertLess(abs(nation.y0 - authority.y0), 3)  # on the same line
		self.assertGreater(office.y0, authority.y0)  # the office under its authority
		self.assertGreater(motto.y0, nation.y0)
		self.assertGreater(place_date.y0, motto.y1)
		centre = lambda ln: (ln.x0 + ln.x1) / 2  # noqa: E731
		self.assertLess(abs(centre(motto) - centre(nation)), 3)
		self.assertLess(abs(centre(office) - centre(authority)), 3)

	def test_font_sizes(self):
		self.assertSize("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, 13)
		self.assertSize("Độc lập - Tự do - Hạnh phúc", 13, 14)
		self.assertSize("ngày 05 tháng 02 năm 2026", 13, 14)
		self.assertSize("Tổng số nhiệm vụ được giao", 13, 14)
		self.assertSize("Test Report Agency 05", 12, 12)
		self.assertSize("Nơi nhận:", 12, 12)
		self.assertSize("- Các sở, ban, ngành;", 11, 11)
		self.assertSize("PHÓ CHÁNH VĂN PHÒNG", 13, 14)
		self.assertSize("Nguyễn Văn Phó", 13, 14)

	def test_signature_block(self):
		head = self.line("KT. CHÁNH VĂN PHÒNG")
		deputy = self.line("PHÓ CHÁNH VĂN PHÒNG")
		name = self.line("Nguyễn Văn Phó")
		recipients = self.line("Nơi nhận:")
		self.assertEqual(head.page, name.page)
		self.assertGreater(deputy.y0, head.y0)
		self.assertGreater(name.y0, deputy.y1 + 50)  # the signature's space between them
		self.assertLess(abs((name.x0 + name.x1) / 2 - (deputy.x0 + deputy.x1) / 2), 3)
		self.assertLess(abs(recipients.y0 - head.y0), 3)  # Nơi nhận left of the signature block
		self.assertLess(recipients.x1, head.x0)

	def test_visible_signature_goes_in_the_signature_space(self):
		x0, y0, x1, y1 = official_report.signature_box(self.pdf, "Nguyễn Văn Phó", (0, 0, 1, 1))
		deputy = self.line("PHÓ CHÁNH VĂN PHÒNG")
		name = self.line("Nguyễn Văn Phó")
		# pdftotext counts from the top, the box from the bottom.
		self.assertLessEqual(595.28 - y0, name.y0 + 1)  # not over the name...
		self.assertGreaterEqual(595.28 - y1, deputy.y1 - 1)  # ...nor over the title
		self.assertGreater(y1 - y0, 50)
		self.assertLess(x0, name.x0)
		self.assertGreater(x1, name.x1)

	def test_page_numbers_from_page_two(self):
		pages = max(ln.page for ln in self.lines)
		self.assertGreaterEqual(pages, 2)
		centre = (31 * MM + 842 - 15 * MM) / 2
		for page in range(1, pages + 1):
			in_margin = [ln for ln in self.lines if ln.page == page and ln.y1 < 20 * MM]
			if page == 1:
				self.assertEqual(in_margin, [])  # Nghị định 30: no number on the first page
				continue
			self.assertEqual([ln.text for ln in in_margin], [str(page)])
			self.assertLess(abs((in_margin[0].x0 + in_margin[0].x1) / 2 - centre), 5)
			self.assertTrue(13 - 0.3 <= in_margin[0].size <= 14 + 0.3)
		# The table goes on under its heading, no row cut in two.
		self.assertIn("STT", [ln.text.split()[0] for ln in self.lines if ln.page == 2 and ln.text])
		rows = [ln.text for ln in self.lines if "Test Report Agency" in ln.text]
		self.assertEqual(len(rows), 30)

	def test_first_page_as_a_picture(self):
		with tempfile.TemporaryDirectory() as folder:
			source = Path(folder) / "bao-cao.pdf"
			source.write_bytes(self.pdf)
			subprocess.run(
				["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(source), f"{folder}/trang"],
				check=True,
			)
			picture = next(Path(folder).glob("trang*.png")).read_bytes()
		width, height = int.from_bytes(picture[16:20], "big"), int.from_bytes(picture[20:24], "big")
		self.assertEqual((width, height), (702, 496))  # A4 landscape at 60 dpi

	# The date and the signer

	def test_date_left_for_the_signing_day(self):
		html = official_report.html(FILTERS, blank_date=True, day=date(2026, 2, 5))
		self.assertIn(
			"Hòa An, ngày\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0tháng\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0năm 2026",
			html,
		)
		self.assertNotIn("ngày 05", html)

	def test_head_signs_without_kt(self):
		frappe.db.set_single_value(SETTINGS, {"signs_for_head": 0, "signer_title": "Chánh Văn phòng"})
		html = official_report.html(FILTERS)
		self.assertIn(">CHÁNH VĂN PHÒNG<", html)
		self.assertNotIn("KT.", html)
		frappe.db.set_single_value(SETTINGS, {"signs_for_head": 1, "signer_title": FIELDS["signer_title"]})

	def test_body_dates_as_dd_mm_yyyy(self):
		html = official_report.html(
			{**FILTERS, "from_date": "2026-03-09", "to_date": add_days("2026-03-09", 30)}
		)
		self.assertIn("từ ngày 09/03/2026 đến ngày 08/04/2026", html)

	# Who may print it, and what it shows

	def test_rows_are_the_reports_as_the_user_sees_them(self):
		frappe.set_user(self.p.officer)
		context = official_report.context({**FILTERS, "agency": self.agencies[0]})
		self.assertEqual([row["agency"] for row in context["rows"]], [self.agencies[0]])
		self.assertEqual(context["total"]["total"], 2)
		self.assertEqual(context["total"]["completed"], 1)

	def test_agency_user_may_not_print_it(self):
		frappe.set_user(self.p.focal_a)
		with self.assertRaises(frappe.PermissionError):
			api.print_official_report(frappe.as_json(FILTERS))

	def test_print_over_http(self):
		method = "/api/method/chidao_dieuhanh.api.official_report.print_official_report"
		filters = {"from_date": today(), "to_date": today(), "agency": self.agencies[0]}
		body = {"filters": frappe.as_json(filters), "blank_date": 1}
		response = self.post(method, body, headers={"Authorization": self.token_officer})
		self.assertEqual(response.status_code, 200, response.data[:300])
		self.assertEqual(response.headers["Content-Type"], "application/pdf")
		self.assertTrue(response.data.startswith(b"%PDF"))
		self.assertIn("bao-cao-ket-qua-thuc-hien-nhiem-vu.pdf", response.headers["Content-Disposition"])
		response = self.post(method, body, headers={"Authorization": self.token_focal})
		self.assertEqual(response.status_code, 403)
		response = self.post(method, {"filters": "[1, 2]"}, headers={"Authorization": self.token_officer})
		self.assertEqual(response.status_code, 417)
		frappe.db.commit()
