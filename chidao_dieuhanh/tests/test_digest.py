"""The weekly digest on a known data set."""

from unittest.mock import patch

import frappe
from frappe.model.workflow import apply_workflow

from chidao_dieuhanh import digest
from chidao_dieuhanh.chidao_dieuhanh.doctype.working_calendar.working_calendar import DEFAULT_CALENDAR
from chidao_dieuhanh.task_states import ASSIGNED, CANCELLED, DRAFT, IN_PROGRESS
from chidao_dieuhanh.tests.factories import (
	ProvinceTestCase,
	make_agency,
	make_directive,
	make_task,
	make_user,
)
from chidao_dieuhanh.tests.mail_checks import MailChecks, name_user, queued_mails, read, set_issuing_office

NORTH, SOUTH = "Digest Test North", "Digest Test South"


def rows_of(name: str) -> dict:
	return {
		row.agency: (
			row.completed_on_time,
			row.completed_late,
			row.open_within_deadline,
			row.open_overdue,
			row.open_overdue_change,
			row.completed_on_time_change,
		)
		for row in frappe.get_doc("Directive Digest", name).agencies
		if row.agency in (NORTH, SOUTH)
	}


class TestWeeklyDigest(MailChecks, ProvinceTestCase):
	def setUp(self):
		frappe.db.savepoint("digest_test")
		make_agency(NORTH, parent=self.p.group, users=[self.p.focal_a])
		make_agency(SOUTH, parent=self.p.group, users=[self.p.focal_b])
		settings = frappe.get_single("Directive Settings")
		settings.working_calendar = DEFAULT_CALENDAR
		settings.send_weekly_digest = 1
		settings.digest_weekday = "Monday"
		settings.digest_overdue_task_count = 2
		settings.set("digest_recipients", [{"user": self.p.leader}])
		settings.save()
		set_issuing_office()
		name_user(self.p.leader, "Trần Minh Quang", "Phó Chủ tịch UBND tỉnh")
		directive = make_directive(
			issue_date="2026-01-05",
			summary="Tháo gỡ khó khăn cho doanh nghiệp",
			directing_leader=self.p.leader,
		)
		with self.freeze_time("2026-03-02 09:00"):  # Monday
			self.on_time = make_task(directive, NORTH, deadline="2026-03-06", state="Completed")
			self.overdue = make_task(directive, NORTH, deadline="2026-03-04", state=IN_PROGRESS)
			self.open = make_task(directive, NORTH, deadline="2026-06-30", state=ASSIGNED)
			make_task(directive, NORTH, deadline="2026-03-04", state=CANCELLED)
			make_task(directive, NORTH, deadline="2026-03-04", state=DRAFT)
			self.south_old = make_task(directive, SOUTH, deadline="2026-03-03", state=IN_PROGRESS)
			make_task(directive, SOUTH, no_deadline=1, state=IN_PROGRESS)
		with self.freeze_time("2026-03-10 09:00"):
			self.late = make_task(directive, SOUTH, deadline="2026-03-04", state="Completed")

	def tearDown(self):
		frappe.db.rollback(save_point="digest_test")
		super().tearDown()

	def send_on(self, day: str):
		with self.freeze_time(f"{day} 07:00"):
			return digest.send_weekly_digest()

	def test_counts_change_and_most_overdue(self):
		self.assertIsNone(self.send_on("2026-03-15"))  # a Sunday: not the digest day
		first = self.send_on("2026-03-16")
		self.assertEqual(
			rows_of(first),
			{NORTH: (1, 0, 1, 1, 0, 0), SOUTH: (0, 1, 1, 1, 0, 0)},  # no earlier digest: no change
		)
		doc = frappe.get_doc("Directive Digest", first)
		self.assertEqual(
			[(row.task, row.days_overdue) for row in doc.overdue_tasks][:2],
			[(self.south_old.name, 9), (self.overdue.name, 8)],
		)
		self.assertEqual(doc.recipients, self.p.leader)

		# A week later the overdue northern task is done (late).
		with self.freeze_time("2026-03-20 10:00"):
			task = apply_workflow(frappe.get_doc("Directive Task", self.overdue.name), "Submit for Review")
			apply_workflow(task, "Confirm Completion")
		second = self.send_on("2026-03-23")
		self.assertEqual(frappe.db.get_value("Directive Digest", second, "previous_digest"), first)
		north = next(r for r in frappe.get_doc("Directive Digest", second).agencies if r.agency == NORTH)
		self.assertEqual(
			(
				north.completed_late,
				north.open_overdue,
				north.completed_late_change,
				north.open_overdue_change,
			),
			(1, 0, 1, -1),
		)

	def test_mailed_once_to_the_recipients(self):
		with patch("frappe.db.commit", new=lambda *a, **k: None):
			name = self.send_on("2026-03-16")
			self.assertIsNone(self.send_on("2026-03-16"))
		queue = frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": "Directive Digest", "reference_name": name},
			pluck="name",
		)
		self.assertEqual(len(queue), 1)
		self.assertEqual(
			frappe.get_all("Email Queue Recipient", filters={"parent": queue[0]}, pluck="recipient"),
			[self.p.leader],
		)
		content = frappe.db.get_value(
			"Communication", {"reference_doctype": "Directive Digest", "reference_name": name}, "content"
		)
		self.assertIn(NORTH, content)
		self.assertIn("Đang thực hiện quá hạn", content)
		# The most overdue tasks name their source document; the digest ends with the sender line.
		(mail,) = queued_mails("Directive Digest", name)
		self.assertIn(
			"Công văn số 1775/UBND-KGVX ngày 05/01/2026 V/v Tháo gỡ khó khăn cho doanh nghiệp"
			" Lãnh đạo chỉ đạo: Trần Minh Quang",
			read(mail["html"]),
		)
		self.assertNotIn(self.p.leader, mail["html"])
		self.assertEndsWithSender(mail["html"])

	def test_addressed_by_titles_in_protocol_order(self):
		"""Kính gửi: the titles of the recipients (Official Title of their User), the Chairman first, then
		the Vice-Chairmen (one line for several), the Chief and Deputy Chief of the office, then those without
		a title by name; the order of the Digest Recipients does not matter."""
		chairman = make_user("chairman@test.chidao.vn", "Leader")
		vice = make_user("vice.chairman@test.chidao.vn", "Leader")
		deputy = make_user("deputy.office@test.chidao.vn", "Office Leader")
		name_user(chairman, "Nguyễn Văn Thành", "Chủ tịch UBND tỉnh")
		name_user(vice, "Lê Thị Thu Hà", "Phó Chủ tịch UBND tỉnh")
		name_user(self.p.office_leader, "Võ Thanh Tùng", "Chánh Văn phòng UBND tỉnh")
		name_user(deputy, "Đỗ Minh Khoa", "Phó Chánh Văn phòng UBND tỉnh")
		name_user(self.p.manager, "Ngô Đức Anh")
		recipients = [self.p.manager, deputy, self.p.leader, self.p.office_leader, chairman, vice]
		frappe.db.delete("Directive Digest Recipient", {"parent": "Directive Settings"})
		settings = frappe.get_single("Directive Settings")
		settings.set("digest_recipients", [{"user": user} for user in recipients])
		settings.save()
		with patch("frappe.db.commit", new=lambda *a, **k: None):
			name = self.send_on("2026-03-16")
		(mail,) = queued_mails("Directive Digest", name)
		text = read(mail["html"])
		self.assertIn(
			"Kính gửi: - Chủ tịch UBND tỉnh; - Các Phó Chủ tịch UBND tỉnh; - Chánh Văn phòng UBND tỉnh;"
			" - Phó Chánh Văn phòng UBND tỉnh; - Đồng chí Ngô Đức Anh. Tình hình thực hiện nhiệm vụ",
			text,
		)
		for user in recipients:
			self.assertNotIn(user, mail["html"])

	def test_switched_off_or_without_recipients(self):
		frappe.db.set_single_value("Directive Settings", "send_weekly_digest", 0)
		self.assertIsNone(self.send_on("2026-03-16"))
		frappe.db.set_single_value("Directive Settings", "send_weekly_digest", 1)
		frappe.db.delete("Directive Digest Recipient", {"parent": "Directive Settings"})
		self.assertIsNone(self.send_on("2026-03-16"))
