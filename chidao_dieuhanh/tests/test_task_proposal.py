# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt
"""A directive's tasks proposed from its text (Document Content, attached PDF or DOCX) and created in one
go, all or nothing, by the office only (chidao_dieuhanh/api/directive_tasks.py)."""

import io
import zipfile
from datetime import timedelta
from unittest.mock import patch
from xml.sax.saxutils import escape

import frappe
from frappe.tests.test_api import FrappeAPITestCase
from frappe.utils import getdate
from frappe.utils.pdf import get_pdf

from chidao_dieuhanh.api import directive_tasks
from chidao_dieuhanh.api.directive_tasks import TaskLinesRefused
from chidao_dieuhanh.chidao_dieuhanh.doctype.directive_task.directive_task import (
	DirectiveTask,
	InvalidProgress,
)
from chidao_dieuhanh.task_states import ASSIGNED, DRAFT
from chidao_dieuhanh.tests.factories import ProvinceTestCase, make_agency, make_directive, make_task
from chidao_dieuhanh.tests.test_permissions import api_token

LEAD = "Sở Kiểm thử và Đo lường"
COMMUNE = "UBND xã Kiểm Thử"
CALENDAR = "Lịch thử đề xuất nhiệm vụ"
MONDAY = "2026-03-09"
HOLIDAY = "2026-03-11"  # Wednesday
SECRET = "hồ sơ KENH-BIMAT-88"  # what an agency user must not read

TEXT = f"""ỦY BAN NHÂN DÂN TỈNH HÒA AN
THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh
Chủ tịch UBND tỉnh kết luận như sau:
1. Giao Sở Kiểm thử và Đo lường chủ trì, phối hợp với UBND xã Kiểm Thử rà soát {SECRET}, hoàn thành
trước ngày 30/4/2026.
2. Sở KT&ĐL báo cáo kết quả kiểm định trong 03 ngày làm việc.
3. Các cơ quan, đơn vị tăng cường tuyên truyền; thực hiện thường xuyên.
Nơi nhận:
- Như trên;
"""


def working_days_after(start: str, days: int, holidays: set[str]) -> str:
	"""Counted by hand: Saturdays, Sundays and the holidays skipped."""
	day = getdate(start)
	while days:
		day += timedelta(days=1)
		if day.weekday() < 5 and str(day) not in holidays:
			days -= 1
	return str(day)


def docx(blocks: list) -> bytes:
	"""A Word document: each block a paragraph (its text and its list level, None when not in a numbered
	list) or a table (a list of rows of cell texts)."""
	namespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

	def paragraph(text: str, level: int | None = None) -> str:
		numbering = (
			f'<w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr></w:pPr>'
			if level is not None
			else ""
		)
		half = len(text) // 2  # the text split in two runs, as Word does
		runs = "".join(
			f'<w:r><w:t xml:space="preserve">{escape(part)}</w:t></w:r>'
			for part in (text[:half], text[half:])
		)
		return f"<w:p>{numbering}{runs}</w:p>"

	body = []
	for block in blocks:
		if isinstance(block, list):
			rows = "".join(
				"<w:tr>" + "".join(f"<w:tc>{paragraph(cell)}</w:tc>" for cell in row) + "</w:tr>"
				for row in block
			)
			body.append(f"<w:tbl>{rows}</w:tbl>")
		else:
			body.append(paragraph(*block))
	document = (
		f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{namespace}"><w:body>'
		f"{''.join(body)}<w:sectPr/></w:body></w:document>"
	)
	buffer = io.BytesIO()
	with zipfile.ZipFile(buffer, "w") as archive:
		archive.writestr(
			"[Content_Types].xml",
			'<?xml version="1.0" encoding="UTF-8"?>'
			'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
			'<Override PartName="/word/document.xml" ContentType="application/'
			'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
		)
		archive.writestr("word/document.xml", document)
	return buffer.getvalue()


class TestTaskProposal(ProvinceTestCase, FrappeAPITestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		p = cls.p
		cls.created_agencies = [a for a in (LEAD, COMMUNE) if not frappe.db.exists("Agency", a)]
		make_agency(LEAD, parent=p.group)
		make_agency(COMMUNE, parent=p.group)
		cls.previous_calendar = frappe.db.get_single_value("Directive Settings", "working_calendar")
		if not frappe.db.exists("Working Calendar", CALENDAR):
			frappe.get_doc(
				{
					"doctype": "Working Calendar",
					"calendar_name": CALENDAR,
					"saturday_off": 1,
					"sunday_off": 1,
					"holidays": [{"holiday_date": HOLIDAY, "description": "Nghỉ bù (thử)"}],
				}
			).insert(ignore_permissions=True)
		frappe.db.set_single_value("Directive Settings", "working_calendar", CALENDAR)
		cls.directive = make_directive(
			issue_date="2026-03-02",
			summary="Thông báo kết luận (đề xuất nhiệm vụ)",
			document_number="88/TB-UBND",
			document_content=TEXT,
			directing_leader=p.leader,
			tracking_officer=p.officer,
		)
		# a directive agency A sees (one of its tasks), and one it does not
		cls.directive_of_a = make_directive(
			issue_date="2026-03-02", document_number="89/TB-UBND", document_content=TEXT
		)
		cls.task_of_a = make_task(cls.directive_of_a, p.agency_a, state=ASSIGNED).name
		cls.officer_token = api_token(p.officer)
		cls.focal_token = api_token(p.focal_a)
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		directives = [cls.directive, cls.directive_of_a]
		for name in frappe.get_all("Directive Task", {"directive": ["in", directives]}, pluck="name"):
			frappe.delete_doc("Directive Task", name, force=True)
		for file in frappe.get_all("File", {"attached_to_name": ["in", directives]}, pluck="name"):
			frappe.delete_doc("File", file, force=True)
		for directive in directives:
			frappe.delete_doc("Directive", directive, force=True)
		frappe.db.set_single_value("Directive Settings", "working_calendar", cls.previous_calendar)
		frappe.delete_doc("Working Calendar", CALENDAR, force=True)
		for agency in cls.created_agencies:
			frappe.delete_doc("Agency", agency, force=True)
		frappe.db.commit()
		super().tearDownClass()

	def tearDown(self):
		frappe.db.rollback()
		super().tearDown()

	def tasks_of(self, directive: str) -> list[str]:
		return frappe.get_all("Directive Task", {"directive": directive}, pluck="name")

	def new_directive(self, **kwargs) -> str:
		return make_directive(issue_date="2026-03-02", document_number="90/TB-UBND", **kwargs)

	# Proposals

	def test_propose_from_document_content(self):
		frappe.set_user(self.p.officer)
		with self.freeze_time(f"{MONDAY} 09:00"):
			answer = directive_tasks.propose_tasks(self.directive)
		self.assertEqual(answer["source"], "Document Content")
		first, second, third = answer["tasks"]
		self.assertEqual(first["lead_agency"], LEAD)
		self.assertEqual(first["coordinating_agencies"], COMMUNE)
		self.assertEqual(first["deadline"], "2026-04-30")
		self.assertEqual(second["lead_agency"], LEAD, "its usual short form, Sở KT&ĐL")
		self.assertEqual(second["working_days"], 3)
		self.assertEqual(second["deadline"], working_days_after(MONDAY, 3, {HOLIDAY}))
		self.assertEqual(second["deadline"], "2026-03-13", "Wednesday 11 is a holiday in the calendar")
		self.assertIsNone(third["lead_agency"])
		self.assertTrue(third["no_deadline"])

	def test_propose_from_attached_pdf(self):
		directive = self.new_directive()
		html = "".join(f"<p>{escape(line)}</p>" for line in TEXT.splitlines())
		pdf = get_pdf(f'<html><head><meta charset="utf-8"></head><body>{html}</body></html>')
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "thong-bao-88.pdf",
				"attached_to_doctype": "Directive",
				"attached_to_name": directive,
				"is_private": 1,
				"content": pdf,
			}
		).insert(ignore_permissions=True)
		frappe.set_user(self.p.officer)
		with self.freeze_time(f"{MONDAY} 09:00"):
			answer = directive_tasks.propose_tasks(directive)
		self.assertEqual(answer["source"], "thong-bao-88.pdf")
		self.assertEqual([t["lead_agency"] for t in answer["tasks"]], [LEAD, LEAD, None])
		self.assertEqual(answer["tasks"][0]["coordinating_agencies"], COMMUNE)
		self.assertEqual([t["deadline"] for t in answer["tasks"]], ["2026-04-30", "2026-03-13", None])

	def test_propose_from_attached_docx_with_automatic_numbering(self):
		directive = self.new_directive()
		content = docx(
			[
				("Chủ tịch UBND tỉnh chỉ đạo như sau:", None),
				("Sở Kiểm thử và Đo lường:", 0),
				("Kiểm định thiết bị trước ngày 15/5/2026.", 1),
				("Phối hợp với UBND xã Kiểm Thử tập huấn trong quý III/2026.", 1),
				("Giao UBND xã Kiểm Thử tuyên truyền; thực hiện thường xuyên.", 0),
				("Nơi nhận:", None),
			]
		)
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "cong-van.docx",
				"attached_to_doctype": "Directive",
				"attached_to_name": directive,
				"is_private": 1,
				"content": content,
			}
		).insert(ignore_permissions=True)
		frappe.set_user(self.p.officer)
		answer = directive_tasks.propose_tasks(directive)
		self.assertEqual(answer["source"], "cong-van.docx")
		rows = [
			(t["content"], t["lead_agency"], t["coordinating_agencies"], t["deadline"])
			for t in answer["tasks"]
		]
		self.assertEqual(
			rows,
			[
				("Kiểm định thiết bị trước ngày 15/5/2026", LEAD, "", "2026-05-15"),
				("Phối hợp với UBND xã Kiểm Thử tập huấn trong quý III/2026", LEAD, COMMUNE, "2026-09-30"),
				("Giao UBND xã Kiểm Thử tuyên truyền; thực hiện thường xuyên", COMMUNE, "", None),
			],
		)

	def attach(self, directive: str, file_name: str, content: bytes) -> None:
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": file_name,
				"attached_to_doctype": "Directive",
				"attached_to_name": directive,
				"is_private": 1,
				"content": content,
			}
		).insert(ignore_permissions=True)

	def test_propose_from_a_table_of_tasks_in_a_docx(self):
		"""A plan's annex: one task a row, its lead, coordinators and deadline in their columns."""
		directive = self.new_directive()
		table = [
			["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"],
			["1", "Xây dựng quy chế kiểm định", "Sở KT&ĐL", COMMUNE, "Quý II/2026"],
			["2", "Tập huấn cán bộ", COMMUNE, "", "Năm 2026"],
			["3", "Kiểm tra định kỳ", LEAD, "", "Thường xuyên"],
		]
		self.attach(directive, "ke-hoach.docx", docx([("PHỤ LỤC NHIỆM VỤ", None), table]))
		frappe.set_user(self.p.officer)
		answer = directive_tasks.propose_tasks(directive)
		rows = [
			(
				t["content"].split(".")[0],
				t["lead_agency"],
				t["coordinating_agencies"],
				t["deadline"],
				t["no_deadline"],
			)
			for t in answer["tasks"]
		]
		self.assertEqual(
			rows,
			[
				("Xây dựng quy chế kiểm định", LEAD, COMMUNE, "2026-06-30", False),
				("Tập huấn cán bộ", COMMUNE, "", "2026-12-31", False),
				("Kiểm tra định kỳ", LEAD, "", None, True),
			],
		)

	def test_no_text_proposes_nothing(self):
		directive = self.new_directive()
		frappe.set_user(self.p.officer)
		self.assertEqual(
			directive_tasks.propose_tasks(directive), {"source": None, "tasks": [], "recipient_agencies": []}
		)

	def test_pasted_lines(self):
		frappe.set_user(self.p.officer)
		answer = directive_tasks.parse_task_lines(
			self.directive,
			f"Rà soát | Sở KT&ĐL | 30/4/2026 | {COMMUNE}\nTập huấn | Ban Không Có | ngày mai",
		)
		self.assertEqual(answer["tasks"][0]["lead_agency"], LEAD)
		self.assertEqual(answer["tasks"][0]["coordinating_agencies"], COMMUNE)
		self.assertEqual(len(answer["problems"]), 2)
		self.assertIn("Line 2", answer["problems"][0])

	def test_recipients_offered_first_as_lead(self):
		frappe.db.delete("Directive Recipient", {"parent": self.directive})
		doc = frappe.get_doc("Directive", self.directive)
		doc.append("recipient_agencies", {"agency": self.p.agency_b})
		doc.save(ignore_permissions=True)
		frappe.set_user(self.p.officer)
		found = directive_tasks.lead_agency_query("Agency", "", "name", 0, 500, {"directive": self.directive})
		self.assertEqual(found[0][0], self.p.agency_b)
		self.assertIn(LEAD, [name for name, _code in found])
		self.assertEqual(
			directive_tasks.propose_tasks(self.directive)["recipient_agencies"], [self.p.agency_b]
		)

	# Creating the tasks

	def line(self, **values) -> dict:
		return {
			"content": "Rà soát hồ sơ",
			"lead_agency": LEAD,
			"coordinating_agencies": COMMUNE,
			"deadline": "2026-04-30",
			"working_days": 0,
			"no_deadline": 0,
			**values,
		}

	def test_create_tasks(self):
		frappe.set_user(self.p.officer)
		with self.freeze_time(f"{MONDAY} 09:00"):
			names = directive_tasks.create_tasks(
				self.directive,
				[
					self.line(),
					self.line(content="Báo cáo", coordinating_agencies="", deadline=None, working_days=3),
					self.line(content="Tuyên truyền", coordinating_agencies=[], deadline=None, no_deadline=1),
				],
			)
		self.assertEqual(len(names), 3)
		first, second, third = (frappe.get_doc("Directive Task", name) for name in names)
		for task in (first, second, third):
			self.assertEqual(task.workflow_state, DRAFT)
			self.assertEqual(task.directive, self.directive)
			self.assertEqual((task.directing_leader, task.tracking_officer), (self.p.leader, self.p.officer))
		self.assertEqual([row.agency for row in first.coordinating_agencies], [COMMUNE])
		self.assertEqual(str(first.deadline), "2026-04-30")
		self.assertEqual((second.working_days, str(second.deadline)), (3, "2026-03-13"))
		self.assertTrue(third.no_deadline)
		self.assertIsNone(third.deadline)

	def test_one_bad_line_creates_nothing(self):
		frappe.set_user(self.p.officer)
		before = self.tasks_of(self.directive)
		bad_lines = {
			"lead": self.line(lead_agency=""),
			"unknown lead": self.line(lead_agency="Sở Không Có"),
			"before the issue date": self.line(deadline="2026-02-01"),
			"working days": self.line(deadline=None, working_days=1001),
			"not a number": self.line(deadline=None, working_days="mười"),
			"no deadline": self.line(deadline=None),
			"not a date": self.line(deadline="30/02/2026"),
			"lead also coordinator": self.line(coordinating_agencies=f"{COMMUNE}\n{LEAD}"),
			"content": self.line(content="  "),
		}
		for problem, bad in bad_lines.items():
			with self.subTest(problem):
				with self.assertRaises(TaskLinesRefused) as raised:
					directive_tasks.create_tasks(self.directive, [self.line(), bad, self.line()])
				self.assertIn("Line 2", str(raised.exception))
				self.assertNotIn("Line 1", str(raised.exception))
				self.assertEqual(self.tasks_of(self.directive), before)

	def test_task_refused_by_its_own_rules_rolls_back_the_others(self):
		"""A line the task's controller refuses after the lines before it were inserted (a rule of the task
		this module does not check first, standing for any rule added later)."""
		validate_progress = DirectiveTask.validate_progress

		def refuse_second(task):
			if task.content == "Hai":
				frappe.throw("Refused by the task", InvalidProgress)
			validate_progress(task)

		frappe.set_user(self.p.officer)
		before = self.tasks_of(self.directive)
		with patch.object(DirectiveTask, "validate_progress", refuse_second):
			with self.assertRaises(TaskLinesRefused) as raised:
				directive_tasks.create_tasks(
					self.directive, [self.line(), self.line(content="Hai"), self.line(content="Ba")]
				)
		self.assertIn("Line 2: Refused by the task", str(raised.exception))
		self.assertEqual(self.tasks_of(self.directive), before)

	# Over HTTP, and who may

	def test_bad_line_over_http_is_a_4xx_and_saves_nothing(self):
		before = self.tasks_of(self.directive)
		response = self.post(
			"/api/method/chidao_dieuhanh.api.directive_tasks.create_tasks",
			{"directive": self.directive, "tasks": [self.line(), self.line(lead_agency="")]},
			headers={"Authorization": self.officer_token},
		)
		self.assertEqual(response.status_code, 400)
		self.assertIn("Line 2", response.get_data(as_text=True))
		frappe.db.commit()
		self.assertEqual(self.tasks_of(self.directive), before)

	def test_good_lines_over_http(self):
		response = self.post(
			"/api/method/chidao_dieuhanh.api.directive_tasks.create_tasks",
			{"directive": self.directive, "tasks": [self.line(content="Qua HTTP")]},
			headers={"Authorization": self.officer_token},
		)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True))
		names = response.json["message"]
		self.assertEqual(frappe.db.get_value("Directive Task", names[0], "content"), "Qua HTTP")
		frappe.db.commit()

	def test_agency_user_refused_both_endpoints(self):
		for directive in (self.directive, self.directive_of_a):  # one it cannot read, one it can
			for method, args in (
				("propose_tasks", {"directive": directive}),
				("create_tasks", {"directive": directive, "tasks": [self.line()]}),
				("parse_task_lines", {"directive": directive, "text": "Rà soát | Sở KT&ĐL | 30/4/2026"}),
			):
				with self.subTest(directive=directive, method=method):
					response = self.post(
						f"/api/method/chidao_dieuhanh.api.directive_tasks.{method}",
						args,
						headers={"Authorization": self.focal_token},
					)
					self.assertEqual(response.status_code, 403)
					self.assertNotIn("KENH-BIMAT-88", response.get_data(as_text=True))
		frappe.db.commit()
		self.assertEqual(self.tasks_of(self.directive_of_a), [self.task_of_a])

	def test_agency_user_refused_directly(self):
		frappe.set_user(self.p.focal_a)
		with self.assertRaises(frappe.PermissionError):
			directive_tasks.propose_tasks(self.directive_of_a)
		with self.assertRaises(frappe.PermissionError):
			directive_tasks.create_tasks(self.directive_of_a, [self.line()])

	def test_office_leader_without_create_refused(self):
		frappe.set_user(self.p.office_leader)
		with self.assertRaises(frappe.PermissionError):
			directive_tasks.propose_tasks(self.directive)
