"""Bulk import of a meeting conclusion's tasks with Frappe's Data Import, from a real .xlsx file."""

import os
import tempfile
from datetime import date

import frappe
from frappe.utils import add_days, getdate, today

from chidao_dieuhanh import import_template
from chidao_dieuhanh.chidao_dieuhanh.doctype.working_calendar.working_calendar import get_calendar
from chidao_dieuhanh.notifications import agency_user_emails, join_emails
from chidao_dieuhanh.task_states import ASSIGNED, CANCELLED, DRAFT, IN_PROGRESS
from chidao_dieuhanh.tests.factories import ProvinceTestCase, make_agency, make_user

GROUP = "Khối sở, ngành (kiểm thử nhập)"
TAI_CHINH = "Sở Tài chính (kiểm thử nhập)"
XAY_DUNG = "Sở Xây dựng (kiểm thử nhập)"
NONG_NGHIEP = "Sở Nông nghiệp và Môi trường (kiểm thử nhập)"
NOI_VU = "Sở Nội vụ (kiểm thử nhập)"
KHCN = "Sở Khoa học và Công nghệ (kiểm thử nhập)"
MY_THO = "UBND phường Mỹ Tho (kiểm thử nhập)"
AGENCIES = (TAI_CHINH, XAY_DUNG, NONG_NGHIEP, NOI_VU, KHCN, MY_THO)
# A user of one agency, so that the tasks' recipients differ with their agencies.
TAI_CHINH_USER = "nhap.taichinh@example.org"

CONCLUSION = {
	"directive_number": "125/TB-UBND-NHAP",
	"directive_issue_date": date(2024, 3, 15),
	"directive_document_type": "Conclusion Notice",
	"directive_summary": "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp giao ban tháng 3/2024",
	"source_type": "Meeting Conclusion",
}
FUTURE = add_days(today(), 90)


def conclusion_tasks() -> list[dict]:
	"""15 tasks of the conclusion as the old system had them: (row, coordinators, expected status)."""
	d = date
	return [
		({"content": "Hoàn thành quyết toán vốn đầu tư công năm 2023", "lead_agency": TAI_CHINH,
		  "deadline": d(2024, 4, 30), "workflow_state": "Completed", "assigned_on": d(2024, 3, 15),
		  "completion_date": d(2024, 4, 20)}, [], "Completed On Time"),
		({"content": "Rà soát quy hoạch khu dân cư phía Tây", "lead_agency": XAY_DUNG,
		  "deadline": d(2024, 4, 15), "workflow_state": "Completed", "assigned_on": d(2024, 3, 15),
		  "completion_date": d(2024, 5, 10), "progress": 100}, [TAI_CHINH], "Completed Late"),
		({"content": "Báo cáo tình hình sạt lở bờ sông Tiền", "lead_agency": NONG_NGHIEP,
		  "working_days": 10, "workflow_state": "Completed", "assigned_on": d(2024, 3, 18),
		  "completion_date": d(2024, 3, 25)}, [], "Completed On Time"),
		({"content": "Đề xuất phương án sắp xếp đơn vị sự nghiệp", "lead_agency": NOI_VU,
		  "deadline": d(2024, 6, 30), "workflow_state": IN_PROGRESS, "assigned_on": d(2024, 3, 15),
		  "progress": 40}, [TAI_CHINH, XAY_DUNG], "Overdue"),
		({"content": "Kiểm tra tiến độ dự án chuyển đổi số", "lead_agency": KHCN,
		  "working_days": 15, "workflow_state": ASSIGNED, "assigned_on": d(2024, 3, 18)}, [], "Overdue"),
		({"content": "Theo dõi giá cả thị trường", "lead_agency": TAI_CHINH, "no_deadline": 1,
		  "workflow_state": IN_PROGRESS, "assigned_on": d(2024, 3, 15), "progress": 10}, [], "No Deadline"),
		({"content": "Tổng hợp kết quả giải ngân quý I", "lead_agency": TAI_CHINH, "deadline": FUTURE,
		  "workflow_state": "Pending Review", "assigned_on": d(2024, 3, 15), "progress": 100}, [], "On Track"),
		({"content": "Xây dựng đề án nhà ở xã hội (thu hồi)", "lead_agency": XAY_DUNG,
		  "deadline": d(2024, 5, 30), "workflow_state": CANCELLED, "state_reason": "Gộp vào đề án khác"},
		 [], "Cancelled"),
		({"content": "Chuẩn bị hội nghị xúc tiến đầu tư", "lead_agency": TAI_CHINH, "deadline": FUTURE,
		  "working_days": 0}, [], None),
		({"content": "Giải quyết kiến nghị của cử tri phường Mỹ Tho", "lead_agency": MY_THO,
		  "deadline": d(2024, 4, 10), "workflow_state": "Completed", "assigned_on": d(2024, 3, 15),
		  "completion_date": d(2024, 4, 10)}, [NOI_VU], "Completed On Time"),
		({"content": "Nạo vét kênh thủy lợi nội đồng", "lead_agency": NONG_NGHIEP, "working_days": 20,
		  "workflow_state": "Completed", "assigned_on": d(2024, 3, 15), "completion_date": d(2024, 5, 20)},
		 [], "Completed Late"),
		({"content": "Ứng dụng khoa học công nghệ trong nông nghiệp", "lead_agency": KHCN,
		  "deadline": d(2024, 9, 30), "workflow_state": IN_PROGRESS, "assigned_on": d(2024, 3, 20),
		  "progress": 60}, [NONG_NGHIEP, TAI_CHINH, MY_THO], "Overdue"),
		({"content": "Kiện toàn tổ chức bộ máy các phòng chuyên môn", "lead_agency": NOI_VU,
		  "deadline": FUTURE, "workflow_state": ASSIGNED, "assigned_on": d(2024, 3, 15)}, [], "On Track"),
		({"content": "Cấp phép xây dựng công trình trường học", "lead_agency": XAY_DUNG,
		  "deadline": d(2024, 4, 30), "workflow_state": "Completed", "assigned_on": d(2024, 3, 15),
		  "completion_date": d(2024, 4, 29)}, [], "Completed On Time"),
		({"content": "Sắp xếp trụ sở dôi dư sau hợp nhất", "lead_agency": TAI_CHINH, "working_days": 30,
		  "workflow_state": IN_PROGRESS, "assigned_on": d(2024, 3, 15), "progress": 20}, [XAY_DUNG], "Overdue"),
	]  # fmt: skip


OTHER_DIRECTIVE = {**CONCLUSION, "directive_number": "126/TB-UBND-NHAP"}
BAD_ROWS = [
	# an unknown lead agency
	({**OTHER_DIRECTIVE, "content": "Dòng lỗi: đơn vị không có", "lead_agency": "Sở Không Tồn Tại",
	  "deadline": date(2024, 5, 1)}, [], "Sở Không Tồn Tại"),
	# an impossible date
	({**OTHER_DIRECTIVE, "content": "Dòng lỗi: ngày sai", "lead_agency": TAI_CHINH,
	  "deadline": "31/02/2024"}, [], "31/02/2024"),
	# no directive at all
	({"content": "Dòng lỗi: không có văn bản", "lead_agency": TAI_CHINH, "deadline": date(2024, 5, 1)},
	 [], "DirectiveMissing"),
	# an unknown coordinating agency
	({**OTHER_DIRECTIVE, "content": "Dòng lỗi: đơn vị phối hợp không có", "lead_agency": TAI_CHINH,
	  "deadline": date(2024, 5, 1)}, ["Sở Ma"], "Sở Ma"),
]  # fmt: skip


def sheet_rows(tasks) -> list[list]:
	return import_template.task_rows((values, coordinators) for values, coordinators, *_expected in tasks)


def write_xlsx(rows: list[list]) -> str:
	path = os.path.join(tempfile.mkdtemp(), "ket_luan_giao_ban.xlsx")
	with frappe.translate.print_language("vi"):
		headers = import_template.header_row()
	import_template.write_workbook(path, headers, rows)
	return path


def run_data_import(path: str) -> str:
	"""As Frappe's own test_importer does: attach the file, insert the Data Import, run it now."""
	with open(path, "rb") as f:
		file_doc = frappe.get_doc(
			{"doctype": "File", "file_name": os.path.basename(path), "content": f.read(), "is_private": 1}
		).insert()
	data_import = frappe.new_doc("Data Import")
	data_import.reference_doctype = "Directive Task"
	data_import.import_type = "Insert New Records"
	data_import.import_file = file_doc.file_url
	data_import.insert()
	frappe.db.commit()  # a failing row rolls back; the Data Import must stay
	data_import.start_import()
	return data_import.name


class TestDataImport(ProvinceTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_agency(GROUP, is_group=1)
		for agency in AGENCIES:
			make_agency(agency, parent=GROUP)
		make_user(TAI_CHINH_USER, "Agency Focal Point")
		tai_chinh = frappe.get_doc("Agency", TAI_CHINH)
		if TAI_CHINH_USER not in {row.user for row in tai_chinh.users}:
			tai_chinh.append("users", {"user": TAI_CHINH_USER})
			tai_chinh.save(ignore_permissions=True)
		for user in (cls.p.officer, cls.p.focal_a):
			frappe.db.set_value("User", user, "language", "vi")
		make_user(cls.p.officer, "Tracking Officer")
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		directives = frappe.get_all(
			"Directive",
			filters={
				"document_number": [
					"in",
					[CONCLUSION["directive_number"], OTHER_DIRECTIVE["directive_number"]],
				]
			},
			pluck="name",
		)
		for task in frappe.get_all("Directive Task", filters={"directive": ["in", directives]}, pluck="name"):
			frappe.delete_doc("Directive Task", task, force=True, ignore_permissions=True)
		for directive in directives:
			frappe.delete_doc("Directive", directive, force=True, ignore_permissions=True)
		frappe.db.commit()
		super().tearDownClass()

	def test_meeting_conclusion_imported_with_history_and_bad_rows_apart(self):
		tasks = [
			({**CONCLUSION, **values}, coordinators, status)
			for values, coordinators, status in conclusion_tasks()
		]
		path = write_xlsx(sheet_rows(tasks + BAD_ROWS))

		frappe.set_user(self.p.officer)
		name = run_data_import(path)
		frappe.set_user("Administrator")

		data_import = frappe.get_doc("Data Import", name)
		self.assertEqual(data_import.status, "Partial Success", data_import.template_warnings)
		logs = frappe.get_all(
			"Data Import Log",
			filters={"data_import": name},
			fields=["success", "docname", "messages", "exception", "row_indexes"],
			order_by="log_index",
		)
		succeeded = [log for log in logs if log.success]
		failed = [log for log in logs if not log.success]
		self.assertEqual(len(succeeded), 15)
		self.assertEqual(len(failed), len(BAD_ROWS))

		# One directive for the 15 rows, created from the repeated fields.
		directives = frappe.get_all(
			"Directive", filters={"document_number": CONCLUSION["directive_number"]}, pluck="name"
		)
		self.assertEqual(len(directives), 1)
		directive = frappe.get_doc("Directive", directives[0])
		self.assertEqual(directive.source_type, "Meeting Conclusion")
		self.assertEqual(getdate(directive.issue_date), CONCLUSION["directive_issue_date"])
		self.assertEqual(directive.task_count, 14)  # the cancelled task is counted apart

		calendar = get_calendar()
		for log, (values, coordinators, status) in zip(succeeded, tasks, strict=True):
			task = frappe.get_doc("Directive Task", log.docname)
			self.assertEqual(task.directive, directive.name)
			self.assertEqual(task.directive_number, CONCLUSION["directive_number"])
			self.assertEqual(task.lead_agency, values["lead_agency"])
			self.assertEqual([row.agency for row in task.coordinating_agencies], coordinators)
			self.assertEqual(task.workflow_state, values.get("workflow_state") or DRAFT)
			for field in ("assigned_on", "completion_date"):
				if values.get(field):
					self.assertEqual(getdate(task.get(field)), values[field], (task.content, field))
			if values.get("progress"):
				self.assertEqual(task.progress, values["progress"])
			if values.get("working_days"):
				start = values.get("assigned_on") or getdate(today())
				self.assertEqual(
					getdate(task.deadline), calendar.add_working_days(start, values["working_days"])
				)
			if status:
				self.assertEqual(task.deadline_status, status, task.content)
			# Read once per set of agencies for the whole file: each task still gets its own agencies' users.
			lead_users, coordinator_users = task.agency_recipients or "", task.coordinator_recipients or ""
			self.assertEqual(lead_users, join_emails(agency_user_emails([task.lead_agency])))
			self.assertEqual(coordinator_users, join_emails(agency_user_emails(coordinators)))
			self.assertEqual(TAI_CHINH_USER in lead_users.split(","), task.lead_agency == TAI_CHINH)
			self.assertEqual(
				TAI_CHINH_USER in coordinator_users.split(","),
				TAI_CHINH in coordinators,
				task.content,
			)
		self.assertIsNone(frappe.flags.task_import_memo)
		completed = frappe.get_doc("Directive Task", succeeded[0].docname)
		self.assertEqual(completed.progress, 100)  # a completed task without a progress is done

		for log, (_values, _coordinators, clue) in zip(failed, BAD_ROWS, strict=True):
			self.assertIn(clue, (log.messages or "") + (log.exception or ""), log.messages)
			self.assertFalse(log.docname)
		self.assertFalse(
			frappe.db.exists("Directive", {"document_number": OTHER_DIRECTIVE["directive_number"]})
		)
		self.assertFalse(frappe.db.exists("Directive Task", {"content": ["like", "Dòng lỗi%"]}))
		# The import's rows (the errored ones too) are not for an agency user who learns its name.
		frappe.set_user(self.p.focal_a)
		for read in ("export_errored_rows", "download_import_log", "get_preview_from_template"):
			with self.assertRaises(frappe.PermissionError, msg=read):
				getattr(frappe.get_doc("Data Import", name), read)()

	def test_agency_user_cannot_import(self):
		path = write_xlsx(sheet_rows([({**CONCLUSION, **conclusion_tasks()[0][0]}, [], None)]))
		frappe.set_user(self.p.focal_a)
		with self.assertRaises(frappe.PermissionError):
			run_data_import(path)

	def test_doctypes_allow_import(self):
		for doctype in ("Directive", "Directive Task", "Progress Report"):
			self.assertTrue(frappe.get_meta(doctype).allow_import, doctype)
		frappe.set_user(self.p.officer)
		self.assertTrue(frappe.permissions.can_import("Progress Report"))
		frappe.set_user(self.p.focal_a)
		self.assertFalse(frappe.permissions.can_import("Directive Task"))
