"""The standard Notifications: who gets an e-mail and an in-app notification at each step, and what each
says of the task's source document and of the office that sends it."""

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, today

from chidao_dieuhanh.task_states import ASSIGNED, IN_PROGRESS
from chidao_dieuhanh.tests.factories import ProvinceTestCase, make_directive, make_task
from chidao_dieuhanh.tests.mail_checks import (
	OFFICE,
	SOURCE,
	MailChecks,
	name_user,
	queued_mails,
	read,
	set_issuing_office,
)

LEADER_NAME = "Trần Minh Quang"


def mails(doctype: str, name: str, subject_start: str) -> list[set[str]]:
	"""Recipients of each e-mail sent about a document whose subject starts with the given text (each
	Notification e-mail is also recorded as a Communication)."""
	sent = frappe.get_all(
		"Communication",
		filters={
			"reference_doctype": doctype,
			"reference_name": name,
			"subject": ["like", f"{subject_start}%"],
		},
		fields=["recipients"],
		order_by="creation asc",
	)
	return [{e.strip() for e in (row.recipients or "").split(",") if e.strip()} for row in sent]


def alerts(user: str, doctype: str, name: str) -> int:
	return frappe.db.count(
		"Notification Log", {"for_user": user, "document_type": doctype, "document_name": name}
	)


class TestNotifications(MailChecks, ProvinceTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		set_issuing_office()
		name_user(cls.p.leader, LEADER_NAME, "Phó Chủ tịch UBND tỉnh")
		cls.directive = make_directive(**SOURCE, directing_leader=cls.p.leader)

	def assertCitesSourceAndOffice(self, doctype, name, count):
		"""Each of the `count` e-mails about the document names the source (its summary and the directing
		leader by name, not address) and ends with the sender line."""
		mails = queued_mails(doctype, name)
		self.assertEqual(len(mails), count)
		for mail in mails:
			what = f"{name}: {mail['subject']}"
			self.assertNamesSource(mail["html"], summary=SOURCE["summary"], leader=LEADER_NAME, what=what)
			self.assertIn(f"Lãnh đạo chỉ đạo {LEADER_NAME}", read(mail["html"]), what)
			self.assertNotIn(self.p.leader, mail["html"], what)
			self.assertEndsWithSender(mail["html"], what)

	def test_assignment_goes_to_the_agencies_users_only(self):
		task = make_task(
			self.directive,
			self.p.agency_a,
			coordinators=[self.p.agency_b],
			state=ASSIGNED,
			tracking_officer=self.p.officer,
		)
		self.assertEqual(
			mails("Directive Task", task.name, "[Chỉ đạo điều hành] Nhiệm vụ mới"),
			[{self.p.focal_a, self.p.focal_b}],
		)
		queue = frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": "Directive Task", "reference_name": task.name},
			pluck="name",
		)
		self.assertEqual(len(queue), 1)
		self.assertEqual(
			set(frappe.get_all("Email Queue Recipient", filters={"parent": queue[0]}, pluck="recipient")),
			{self.p.focal_a, self.p.focal_b},
		)
		self.assertEqual(alerts(self.p.focal_a, "Directive Task", task.name), 1)
		self.assertEqual(alerts(self.p.focal_a_sub, "Directive Task", task.name), 0)
		self.assertEqual(alerts(self.p.head_a, "Directive Task", task.name), 0)
		self.assertCitesSourceAndOffice("Directive Task", task.name, 1)

	def test_refusal_and_review_go_to_the_tracking_officer(self):
		refused = make_task(self.directive, self.p.agency_a, state="Refused", tracking_officer=self.p.officer)
		self.assertEqual(
			mails("Directive Task", refused.name, "[Chỉ đạo điều hành] Test Department A từ chối"),
			[{self.p.officer}],
		)
		review = make_task(
			self.directive, self.p.agency_a, state="Pending Review", tracking_officer=self.p.officer
		)
		self.assertEqual(
			mails("Directive Task", review.name, "[Chỉ đạo điều hành] Test Department A báo cáo hoàn thành"),
			[{self.p.officer}],
		)
		self.assertEqual(alerts(self.p.officer, "Directive Task", review.name), 1)
		self.assertCitesSourceAndOffice("Directive Task", refused.name, 2)  # assigned, refused
		self.assertCitesSourceAndOffice("Directive Task", review.name, 2)  # assigned, pending review

	def test_return_and_completion_go_to_the_agency(self):
		returned = make_task(
			self.directive, self.p.agency_a, state="Returned", tracking_officer=self.p.officer
		)
		self.assertEqual(
			mails(
				"Directive Task",
				returned.name,
				"[Chỉ đạo điều hành] Nhiệm vụ " + returned.name + " được trả lại",
			),
			[{self.p.focal_a}],
		)
		done = make_task(self.directive, self.p.agency_b, state="Completed", tracking_officer=self.p.officer)
		self.assertEqual(
			mails(
				"Directive Task", done.name, "[Chỉ đạo điều hành] Nhiệm vụ " + done.name + " đã được xác nhận"
			),
			[{self.p.focal_b}],
		)
		self.assertCitesSourceAndOffice("Directive Task", returned.name, 3)  # assigned, review, returned
		self.assertCitesSourceAndOffice("Directive Task", done.name, 3)  # assigned, review, completed

	def test_extension_requested_and_decided(self):
		task = make_task(self.directive, self.p.agency_a, state=IN_PROGRESS, tracking_officer=self.p.officer)
		frappe.set_user(self.p.focal_a)
		request = frappe.get_doc(
			{
				"doctype": "Extension Request",
				"task": task.name,
				"proposed_deadline": add_days(task.deadline, 10),
				"reason": "Chờ ý kiến các bộ, ngành",
			}
		).insert()
		request = apply_workflow(request, "Request")
		frappe.set_user(self.p.office_leader)
		request = apply_workflow(request, "Approve")
		frappe.set_user("Administrator")
		self.assertEqual(
			mails("Extension Request", request.name, "[Chỉ đạo điều hành] Test Department A đề nghị gia hạn"),
			[{self.p.officer, self.p.office_leader}],
		)
		self.assertEqual(
			mails("Extension Request", request.name, "[Chỉ đạo điều hành] Kết quả xử lý đề nghị gia hạn"),
			[{self.p.focal_a}],
		)
		self.assertEqual(alerts(self.p.focal_a, "Extension Request", request.name), 1)
		self.assertCitesSourceAndOffice("Extension Request", request.name, 2)

	def test_a_task_leader_and_a_source_without_number(self):
		"""A leader's instruction has no number nor document type: its kind (in Vietnamese) and date name it;
		the task's own directing leader (set on the task) is the one named."""
		other = "office.leader@test.chidao.vn"
		name_user(other, "Võ Thanh Tùng")
		directive = make_directive(
			source_type="Leader Instruction",
			document_type=None,
			document_number=None,
			issue_date="2026-02-05",
			summary="Ý kiến chỉ đạo về phòng, chống dịch tả lợn châu Phi",
			directing_leader=self.p.leader,
		)
		task = make_task(directive, self.p.agency_a, state=ASSIGNED, directing_leader=other)
		(mail,) = queued_mails("Directive Task", task.name)
		kind = frappe._("Leader Instruction", lang="vi", context="Directive")
		self.assertNotEqual(kind, "Leader Instruction")
		self.assertNamesSource(
			mail["html"],
			shown=(f"Văn bản chỉ đạo {kind} ngày 05/02/2026",),
			summary="Ý kiến chỉ đạo về phòng, chống dịch tả lợn châu Phi",
			leader="Lãnh đạo chỉ đạo Võ Thanh Tùng",
		)
		self.assertNotIn(LEADER_NAME, read(mail["html"]))

	def test_the_sender_line_shows_what_is_set(self):
		set_issuing_office(office_address="", office_phone="")
		task = make_task(self.directive, self.p.agency_a, state=ASSIGNED)
		(mail,) = queued_mails("Directive Task", task.name)
		text = read(mail["html"])
		self.assertIn(f"{OFFICE['office_name']} Thư điện tử: {OFFICE['office_email']}", text)
		self.assertNotIn("Địa chỉ:", text)
		self.assertNotIn("Điện thoại:", text)
		set_issuing_office()


class TestRecipientsFollowTheAgency(ProvinceTestCase):
	def test_new_agency_users_get_the_open_tasks_mail(self):
		directive = make_directive(issue_date=add_days(today(), -20))
		led = make_task(directive, self.p.agency_b, state=IN_PROGRESS)
		coordinated = make_task(directive, self.p.agency_a, coordinators=[self.p.agency_b], state=ASSIGNED)
		closed = make_task(directive, self.p.agency_b, state="Completed")
		self.assertEqual(led.agency_recipients, self.p.focal_b)
		self.assertEqual(coordinated.coordinator_recipients, self.p.focal_b)

		agency = frappe.get_doc("Agency", self.p.agency_b)
		agency.append("users", {"user": self.p.officer})
		agency.save()
		expected = {self.p.focal_b, self.p.officer}
		self.assertEqual(
			set(frappe.db.get_value("Directive Task", led.name, "agency_recipients").split(",")), expected
		)
		self.assertEqual(
			set(frappe.db.get_value("Directive Task", coordinated.name, "coordinator_recipients").split(",")),
			expected,
		)
		self.assertEqual(
			frappe.db.get_value("Directive Task", closed.name, "agency_recipients"), self.p.focal_b
		)

		agency.users = [row for row in agency.users if row.user != self.p.officer]
		agency.save()
		self.assertEqual(frappe.db.get_value("Directive Task", led.name, "agency_recipients"), self.p.focal_b)
