"""Vietnamese on a site: the app's words on the app's screens (looked up with the doctype as context), Frappe's
own translation everywhere else, the same for the desk's boot messages; the document type Chỉ thị no longer
sharing its name with the doctype; users shown by full name; periods and counts named as the province writes
them."""

import csv

import frappe
from frappe.desk.search import get_link_title
from frappe.tests.utils import FrappeTestCase
from frappe.translate import clear_cache, get_messages_for_boot

from chidao_dieuhanh.chidao_dieuhanh.report.task_statistics_by_period.task_statistics_by_period import (
	period_label,
)
from chidao_dieuhanh.patches.v0_1 import instruction_document_type
from chidao_dieuhanh.settings import default_edxml_document_types
from chidao_dieuhanh.task_counts import count_labels
from chidao_dieuhanh.task_states import ASSIGN, ASSIGNED, CANCELLED, DRAFT, IN_PROGRESS, task_workflow
from chidao_dieuhanh.tests.factories import make_directive, make_user

# Frappe strings the app also uses, with the context in which the app's screens look them up.
SHARED = {
	"Document Type": "Directive",
	"Source": "Directive",
	"Summary": "Directive",
	"Cancelled": "Directive Task",
	"Status": "Task Reminder",
	"Priority": "Directive Task",
	"Workflow State": "Directive Task",
	"Recipients": "Task Reminder",
	"Message": "Task Reminder",
	"Channel": "Task Reminder",
	"Queued": "Task Reminder",
	"Failed": "Task Reminder",
	"Period": "Task Statistics",
	"Custom": "Task Statistics",
	"Last Year": "Task Statistics",
	# The Extension Request workflow's Draft, in the app's messages about a state (permissions.py).
	"Draft": "Workflow State",
}
# The task workflow's states and action, looked up without context on the task's form, list pills, board
# and workflow buttons: names of the app's own, with the app's words.
TASK_WORKFLOW_WORDS = {
	DRAFT: "Dự thảo",
	ASSIGNED: "Đã giao",
	IN_PROGRESS: "Đang thực hiện",
	CANCELLED: "Đã hủy/thu hồi",
	ASSIGN: "Giao nhiệm vụ",
}


def read_translations(app: str) -> dict[str, str]:
	with open(frappe.get_app_path(app, "translations", "vi.csv"), encoding="utf-8", newline="") as f:
		return {
			(row[0] + ":" + row[2] if len(row) == 3 and row[2] else row[0]): row[1]
			for row in csv.reader(f)
			if row
		}


class TestTranslations(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		clear_cache()
		cls.frappe_vi = read_translations("frappe")
		cls.app_vi = read_translations("chidao_dieuhanh")

	def setUp(self):
		self.lang = frappe.local.lang
		frappe.local.lang = "vi"

	def tearDown(self):
		frappe.local.lang = self.lang

	def test_frappe_screens_read_as_frappe_ships_them(self):
		for source in SHARED:
			with self.subTest(source=source):
				self.assertEqual(frappe._(source), self.frappe_vi[source])

	def test_the_app_screens_read_the_app_words(self):
		for source, context in SHARED.items():
			with self.subTest(source=source):
				self.assertEqual(frappe._(source, context=context), self.app_vi[f"{source}:{context}"])
		self.assertEqual(frappe._("Document Type", context="Directive"), "Loại văn bản")
		self.assertEqual(frappe._("Source", context="Directive"), "Nguồn chỉ đạo")
		self.assertEqual(frappe._("Cancelled", context="Directive Task"), "Đã hủy/thu hồi")
		self.assertEqual(frappe._("Recipients", context="Task Reminder"), "Người nhận")
		self.assertEqual(frappe._("Source"), "Nguồn")

	def test_the_desk_gets_both_from_the_boot(self):
		messages = get_messages_for_boot()
		for source, context in SHARED.items():
			with self.subTest(source=source):
				self.assertEqual(messages[source], self.frappe_vi[source])
				self.assertEqual(messages[f"{source}:{context}"], self.app_vi[f"{source}:{context}"])

	def test_task_workflow_states_read_the_app_words(self):
		workflow = task_workflow()
		names = {row.state for row in workflow.states} | {row.action for row in workflow.transitions}
		messages = get_messages_for_boot()
		for source, word in TASK_WORKFLOW_WORDS.items():
			with self.subTest(source=source):
				self.assertIn(source, names)
				self.assertNotIn(source, self.frappe_vi)  # a name Frappe does not translate itself
				self.assertEqual(frappe._(source), word)
				self.assertEqual(messages[source], word)
		# Frappe's own words, which the task workflow no longer uses, read as Frappe ships them.
		for source in ("Draft", "Cancelled", "Assigned", "In Progress", "Assign"):
			with self.subTest(source=source):
				self.assertNotIn(source, names)
				self.assertEqual(frappe._(source), self.frappe_vi[source])
				self.assertEqual(messages[source], self.frappe_vi[source])
		self.assertEqual(frappe._("Draft"), "Bản nháp")

	def test_frappe_desk_strings_it_leaves_in_english(self):
		self.assertNotIn("Connections", self.frappe_vi)
		self.assertEqual(frappe._("Connections"), "Liên kết")
		self.assertEqual(frappe._("You last edited this"), "Bạn đã sửa lần cuối")
		self.assertEqual(frappe._("Search or type a command ({0})"), "Tìm kiếm hoặc gõ lệnh ({0})")

	def test_instruction_is_not_the_doctype_name(self):
		options = frappe.get_meta("Directive").get_field("document_type").options.split("\n")
		self.assertIn("Instruction", options)
		self.assertNotIn("Directive", options)
		self.assertEqual(frappe._("Instruction", context="Directive"), "Chỉ thị")
		self.assertEqual(frappe._("Directive"), "Văn bản chỉ đạo")
		self.assertIn(
			{"edxml_code": "", "edxml_name": "Chỉ thị", "document_type": "Instruction"},
			[dict(row) for row in default_edxml_document_types()],
		)

	def test_patch_renames_stored_directive_type(self):
		name = make_directive(document_type="Plan")
		frappe.db.set_value("Directive", name, "document_type", "Directive", update_modified=False)
		instruction_document_type.execute()
		self.assertEqual(frappe.db.get_value("Directive", name, "document_type"), "Instruction")
		frappe.db.rollback()

	def test_users_are_shown_by_full_name(self):
		self.assertTrue(frappe.get_meta("User").show_title_field_in_link)
		user = make_user("lanh.dao.ten@test.chidao.vn", "Leader")
		doc = frappe.get_doc("User", user)
		doc.update({"first_name": "Nguyễn Văn", "last_name": "An"})
		doc.save(ignore_permissions=True)
		self.assertEqual(get_link_title("User", user), "Nguyễn Văn An")
		frappe.db.rollback()

	def test_periods_as_the_province_writes_them(self):
		self.assertEqual(period_label("Quarter", 20261), "Quý I/2026")
		self.assertEqual(period_label("Quarter", 20264), "Quý IV/2026")
		self.assertEqual(period_label("Half-Year", 20261), "6 tháng đầu năm 2026")
		self.assertEqual(period_label("Half-Year", 20262), "6 tháng cuối năm 2026")

	def test_one_count_one_name(self):
		labels = count_labels()
		for count, source in {
			"completed_on_time": "Completed On Time",
			"completed_late": "Completed Late",
			"open_within_deadline": "Open Within Deadline",
			"open_overdue": "Open Overdue",
		}.items():
			with self.subTest(count=count):
				self.assertEqual(frappe._(source, context="Directive Digest"), labels[count])
				self.assertEqual(frappe._(source, context="Directive Digest Agency"), labels[count])
				self.assertEqual(frappe._(source), labels[count])
		self.assertEqual(labels["open_within_deadline"], "Đang thực hiện trong hạn")
