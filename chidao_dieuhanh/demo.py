"""Vietnamese demo data for chidao_dieuhanh.

    bench --site SITE execute chidao_dieuhanh.demo.setup_demo

    bench --site SITE execute chidao_dieuhanh.demo.setup_demo --kwargs "{'size': 'sample'}"

Creates (once; a second run changes nothing) the settings, sectors, the agency tree, the demo users and a
year of directives and tasks of a fictional province ("tỉnh Hòa An"): the size "year" (the default) about
1,500 tasks, as a province's office follows in a year (directives to every commune, the periodic reports of
the departments and communes); the size "sample" about 200 of the same variety, for the browser tests.
Tasks are moved through the task workflow by its own transitions, progress reports are submitted and
extension requests decided the way users would do it, so that every workflow state and every deadline
status is shown. Periodic tasks repeat with Auto Repeat, their past occurrences made by Auto Repeat's own
method and dated in their months. Then the features of the agencies' and leaders' work: tasks handed to
agency officers whose reports the head approves, coordinators' contributions, explanation requests on
overdue tasks, leaders' instructions and work delegations.
Dates are relative to today; the random choices come from a fixed seed.

The records are the UTF-8 files of demo_data/, read in the order they are written (the random choices
depend on it). Users are named by their login, the part of the email before @demo.gov.vn; agencies and
sectors by their code. In directives.json a summary or a task may use {y} (year of issue), {y1} (the next
year), {y0} (the previous year) and {n} (a batch number from 1 to 3); a task led by "XA" is given to several
commune-level People's Committees (communes, wards, the special zone), in the year to all of them for a
share of such tasks. An empty text in texts.json stands for none.

All demo users have the password DEMO_PASSWORD below.
"""

import csv
import json
import random
import time as clock
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path

import frappe
from frappe.utils import add_days, add_months, getdate, today

from chidao_dieuhanh.chidao_dieuhanh.doctype.agency_type.agency_type import COMMUNE
from chidao_dieuhanh.deadline_refresh import refresh_deadline_statuses
from chidao_dieuhanh.forwarding import HANDOVER
from chidao_dieuhanh.mail_context import TITLE_FIELD
from chidao_dieuhanh.settings import due_soon_days
from chidao_dieuhanh.task_states import (
	ASSIGNED,
	CANCELLED,
	COMPLETED,
	DRAFT,
	IN_PROGRESS,
	PENDING_REVIEW,
	REFUSED,
	RETURNED,
	SUSPENDED,
)

SEED = 20261
DEMO_PASSWORD = "Demo@12345"
DOMAIN = "demo.gov.vn"
DATA_FOLDER = Path(__file__).parent / "demo_data"
COMMUNES_TASK = "XA"  # the lead of a task given to several communes and wards


def read_csv(name):
	with open(DATA_FOLDER / name, encoding="utf-8", newline="") as file:
		return list(csv.DictReader(file))


def read_json(name):
	with open(DATA_FOLDER / name, encoding="utf-8") as file:
		return json.load(file)


def user_email(login):
	return f"{login}@{DOMAIN}"


# --------------------------------------------------------------------------------------------------
# Masters
# --------------------------------------------------------------------------------------------------

CHAIRMAN = user_email("chutich")
VICE_1 = user_email("phochutich1")
VICE_2 = user_email("phochutich2")
VICE_3 = user_email("phochutich3")
OFFICE_LEADER = user_email("lanhdaovp")

# email, full name, roles, what they are (for the printed list), official title (addressing them in e-mails)
OFFICE_USERS = [
	(
		user_email(user["login"]),
		user["full_name"],
		user["roles"].split(";"),
		user["title"],
		user["official_title"],
	)
	for user in read_csv("office_users.csv")
]
# Directive Settings → Issuing Office: the office of the demo province
ISSUING_OFFICE = read_json("issuing_office.json")
# code, name, vice_chairman and tracking_officer (logins), letter_suffix (document-number suffix of
# official letters), description
SECTORS = read_csv("sectors.csv")
# The agency tree, parents first: code, name, parent (code), agency_type, is_group, has_head (an agency
# head user lanhdao.<code>@demo.gov.vn besides the focal point), organ_id (electronic ID code, none for groups)
AGENCIES = read_csv("agencies.csv")
AGENCIES_WITH_HEAD = [agency["code"] for agency in AGENCIES if agency["has_head"] == "1"]
# The names agencies go by in documents that are not their usual short form (code, short_names split by ";")
AGENCY_SHORT_NAMES = read_csv("agency_short_names.csv")
NAMES = read_json("names.json")
# The agencies' officers (role Agency Officer), whom the focal points hand tasks to: login, agency (code),
# title (what they are, for the printed list)
AGENCY_OFFICERS = read_csv("agency_officers.csv")
# Directive of the periodic reports and their templates (periodic_tasks.json): a template's leads are
# agency codes, a group's code standing for its agencies; sample_leads are the few of the sample size.
PERIODIC = read_json("periodic_tasks.json")
# Texts of the agencies' and leaders' work: handovers, contributions, explanations, instructions, delegations
WORK_TEXTS = read_json("work_texts.json")

# Directives: sector (code), source_type, document_type, summary and tasks (lead agency code, content,
# coordinating agency codes).
DIRECTIVES = read_json("directives.json")
DOC_TYPE_SYMBOL = {row["document_type"]: row["symbol"] for row in read_csv("document_symbols.csv")}
# Texts for reports, reasons and decisions
TEXTS = read_json("texts.json")


# --------------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoSize:
	"""How much of the province's year the demo loads; the variety of states and features is the same."""

	all_communes_share: float  # of the communes' tasks, the share given to every commune
	communes: tuple[int, int]  # how many communes the others go to (at random between the two)
	periodic_leads: str  # "leads": every agency of a periodic task; "sample_leads": the few its file names
	periodic_months: int  # the months of periodic reports, this one included
	handovers: int  # tasks handed to agency officers
	contributions: int  # coordinators' contributions
	explanations: int  # explanation requests on overdue tasks
	instructions: int  # leaders' instructions


SIZES = {
	"year": DemoSize(
		0.65, (3, 8), "leads", 12, handovers=60, contributions=40, explanations=30, instructions=45
	),
	"sample": DemoSize(
		0.0, (2, 4), "sample_leads", 4, handovers=8, contributions=5, explanations=6, instructions=6
	),
}


def setup_demo(size="year"):
	"""size: "year" (about 1,500 tasks) or "sample" (about 200, for the browser tests)."""
	if size not in SIZES:
		raise ValueError(f"size is one of {', '.join(SIZES)}, not {size!r}")  # bench execute's argument
	started = clock.monotonic()
	frappe.set_user("Administrator")
	frappe.flags.mute_emails = True
	setup_system_settings()
	ensure_outbox()
	with users_saved_together():
		create_office_users()
		setup_directive_settings()
		create_sectors()
		create_agencies()
	set_agency_short_names()
	frappe.db.commit()
	if frappe.db.exists("Directive", {"tracking_officer": ["like", f"%@{DOMAIN}"]}):
		print("Demo directives already exist; nothing added.")
	else:
		with no_mail_for_the_past():
			demo = DemoTasks(random.Random(SEED), SIZES[size])
			demo.run()
			refresh_deadline_statuses()  # the occurrences dated back without a save since
			create_reminder_history(random.Random(SEED + 2))
			DemoWork(demo, random.Random(SEED + 4)).run()
		frappe.db.commit()
		print(f"Loaded the demo ({size}) in {clock.monotonic() - started:.0f} s.")
	print_summary()


@contextmanager
def no_mail_for_the_past():
	"""The year is played back in one go: its notifications and reminders would be e-mails about events of
	past months, and building them (templates, CSS inlined into each) took about 40% of the demo's time.
	They are left out: frappe.sendmail queues nothing meanwhile, while the in-app notifications (the bell)
	are kept. What users do after the demo queues its mail as usual."""
	sendmail = frappe.sendmail
	frappe.sendmail = lambda *args, **kwargs: None
	try:
		yield
	finally:
		frappe.sendmail = sendmail


@contextmanager
def users_saved_together():
	"""Each User save recomputes the site default listing the users whose e-mail account awaits a password
	(Frappe's ask_pass_update), and setting it clears the whole site's cache: every document saved next
	reads its doctype's metadata again from the database. The demo's users have no e-mail account of their
	own: the default is computed once, after them, with the same result. Made that fast, the demo's users
	(about 90) would pass Frappe's limit of new users an hour (site config throttle_user_limit, 60),
	raised for this process meanwhile."""
	from frappe.core.doctype.user import user as user_module

	ask_pass_update = user_module.ask_pass_update
	conf = frappe.local.conf
	limit = conf.get("throttle_user_limit")
	user_module.ask_pass_update = lambda: None
	conf["throttle_user_limit"] = max(int(limit or 60), 1000)
	try:
		yield
	finally:
		user_module.ask_pass_update = ask_pass_update
		if limit is None:
			conf.pop("throttle_user_limit", None)
		else:
			conf["throttle_user_limit"] = limit
		ask_pass_update()
		# The province's users were made before its year: dated so, they leave Frappe's limit of new users
		# an hour to the users the office (or a test) adds next.
		user = frappe.qb.DocType("User")
		(
			frappe.qb.update(user)
			.set(user.creation, at(add_days(today(), -400), 8))
			.where(user.name.like(f"%@{DOMAIN}") & (user.creation > add_days(today(), -1)))
		).run()


def ensure_outbox():
	"""The office's outgoing mailbox, awaiting its password: notifications queue up in the Email Queue
	until IT enters the real mail server."""
	if frappe.db.exists("Email Account", {"default_outgoing": 1}):
		return
	frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": "Văn phòng UBND tỉnh",
			"email_id": f"vanphong@{DOMAIN}",
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"awaiting_password": 1,
			"smtp_server": f"mail.{DOMAIN}",
			"smtp_port": 587,
			"use_tls": 1,
		}
	).insert(ignore_permissions=True)


def setup_directive_settings():
	"""The office of the province; the weekly digest goes to the Chairman, the Vice-Chairmen and the office
	leader, on Mondays."""
	settings = frappe.get_single("Directive Settings")
	for field, value in ISSUING_OFFICE.items():
		settings.set(field, settings.get(field) or value)
	settings.digest_weekday = "Monday"
	settings.set(
		"digest_recipients", [{"user": u} for u in (CHAIRMAN, VICE_1, VICE_2, VICE_3, OFFICE_LEADER)]
	)
	settings.save()


def create_reminder_history(rng):
	"""Four weeks of the daily reminder job (recorded as sent at 7:00), a few reminders by the tracking
	officers, and the last weekly digest."""
	from chidao_dieuhanh.chidao_dieuhanh.doctype.working_calendar.working_calendar import get_calendar
	from chidao_dieuhanh.digest import make_digest
	from chidao_dieuhanh.reminders import record_due_reminders, remind_task

	calendar = get_calendar()
	current = getdate(today())
	for offset in range(28, 0, -1):
		day = add_days(current, -offset)
		if calendar.is_working_day(day):
			record_due_reminders(day)
	frappe.db.sql(
		"""update `tabTask Reminder` set status = 'Sent', sent_on = timestamp(reminder_date, '07:00:00'),
		creation = timestamp(reminder_date, '07:00:00'), modified = timestamp(reminder_date, '07:00:00')
		where status = 'Queued'"""
	)
	overdue = frappe.get_all(
		"Directive Task",
		filters={"deadline_status": "Overdue", "workflow_state": ["in", [ASSIGNED, IN_PROGRESS]]},
		fields=["name", "tracking_officer"],
		order_by="deadline asc",
		limit=4,
	)
	for i, task in enumerate(overdue):
		frappe.set_user(task.tracking_officer or "Administrator")
		remind_task(task.name, rng.choice(TEXTS["reminder_messages"]), notify_head=i % 2 == 0)
	frappe.set_user("Administrator")
	monday = add_days(current, -current.weekday())
	recipients = frappe.get_all(
		"User", filters={"name": ["in", [CHAIRMAN, VICE_1, VICE_2, VICE_3, OFFICE_LEADER]]}, pluck="email"
	)
	make_digest(monday, recipients)
	print(f"Recorded {frappe.db.count('Task Reminder')} reminders and the digest of {monday}.")


def setup_system_settings():
	settings = frappe.get_single("System Settings")
	settings.language = "vi"
	settings.time_zone = "Asia/Ho_Chi_Minh"
	settings.date_format = "dd-mm-yyyy"
	settings.country = "Vietnam"
	settings.number_format = "#.###,##"
	settings.first_day_of_the_week = "Monday"
	# The demo configures the site itself: do not send its users to the setup wizard.
	settings.setup_complete = 1
	settings.save()


def ensure_user(email, full_name, roles):
	if frappe.db.exists("User", email):
		return email
	user = frappe.new_doc("User")
	user.update(
		{
			"email": email,
			"first_name": full_name,
			"send_welcome_email": 0,
			"language": "vi",
			"time_zone": "Asia/Ho_Chi_Minh",
			"user_type": "System User",
			"new_password": DEMO_PASSWORD,
		}
	)
	for role in roles:
		user.append("roles", {"role": role})
	user.insert(ignore_permissions=True)
	return email


def create_office_users():
	for email, name, roles, _what, official_title in OFFICE_USERS:
		ensure_user(email, name, roles)
		if official_title and not frappe.db.get_value("User", email, TITLE_FIELD):
			frappe.db.set_value("User", email, TITLE_FIELD, official_title)


def create_sectors():
	for sector in SECTORS:
		if frappe.db.exists("Sector", sector["name"]):
			continue
		frappe.get_doc(
			{
				"doctype": "Sector",
				"sector_name": sector["name"],
				"sector_code": sector["code"],
				"vice_chairman": user_email(sector["vice_chairman"]),
				"description": sector["description"],
			}
		).insert(ignore_permissions=True)


def focal_email(code):
	return f"{code.lower()}@{DOMAIN}"


def head_email(code):
	return f"lanhdao.{code.lower()}@{DOMAIN}"


def person_names():
	"""Deterministic, distinct Vietnamese names for the agency users."""
	rng = random.Random(SEED + 1)
	seen = {u[1] for u in OFFICE_USERS}
	while True:
		gender = rng.choice([NAMES["male"], NAMES["female"]])
		name = f"{rng.choice(NAMES['surnames'])} {rng.choice(gender['middle'])} {rng.choice(gender['given'])}"
		if name not in seen:
			seen.add(name)
			yield name


def ensure_agency(
	name, parent=None, is_group=0, code=None, agency_type="Other", users=(), head=None, organ_id=None
):
	if frappe.db.exists("Agency", name):
		if organ_id and not frappe.db.get_value("Agency", name, "organ_id"):
			frappe.db.set_value("Agency", name, "organ_id", organ_id)  # demo loaded before the codes
		return name
	doc = frappe.get_doc(
		{
			"doctype": "Agency",
			"agency_name": name,
			"agency_code": code,
			"agency_type": agency_type,
			"parent_agency": parent,
			"is_group": is_group,
			"email": focal_email(code) if code and not is_group else None,
			"head_user": head,
			"organ_id": organ_id,
		}
	)
	for user in users:
		doc.append("users", {"user": user})
	doc.insert(ignore_permissions=True)
	return name


def create_agencies():
	names = person_names()
	name_of = {agency["code"]: agency["name"] for agency in AGENCIES}
	for agency in AGENCIES:
		code, parent, agency_type = agency["code"], name_of.get(agency["parent"]), agency["agency_type"]
		organ_id = agency["organ_id"] or None
		if agency["is_group"] == "1":
			ensure_agency(
				agency["name"],
				parent=parent,
				is_group=1,
				code=code,
				agency_type=agency_type,
				organ_id=organ_id,
			)
			continue
		focal = ensure_user(focal_email(code), next(names), ["Agency Focal Point"])
		head = None
		if code in AGENCIES_WITH_HEAD:
			head = ensure_user(head_email(code), next(names), ["Agency Head"])
		ensure_agency(
			agency["name"],
			parent=parent,
			code=code,
			agency_type=agency_type,
			users=[focal],
			head=head,
			organ_id=organ_id,
		)
	create_agency_officers(names, name_of)


def officer_email(login):
	return user_email(login)


def create_agency_officers(names, name_of):
	"""The officers are users of their agency (its Users table); an agency without a head has its focal
	point approve their reports."""
	for officer in AGENCY_OFFICERS:
		email = officer_email(officer["login"])
		agency = name_of[officer["agency"]]
		if not frappe.db.exists("User", email):
			ensure_user(email, next(names), ["Agency Officer"])
		else:
			next(names)
		if not frappe.db.exists("Agency User", {"parent": agency, "parenttype": "Agency", "user": email}):
			doc = frappe.get_doc("Agency", agency)
			doc.append("users", {"user": email})
			if officer["agency"] not in AGENCIES_WITH_HEAD:
				doc.reports_approved_by = "Agency Focal Point"
			doc.save(ignore_permissions=True)


def set_agency_short_names():
	"""Also on a site loaded before agencies had short names."""
	name_of = {agency["code"]: agency["name"] for agency in AGENCIES}
	for row in AGENCY_SHORT_NAMES:
		name = name_of[row["code"]]
		if frappe.db.exists("Agency", name) and not frappe.db.get_value("Agency", name, "short_names"):
			frappe.db.set_value("Agency", name, "short_names", "\n".join(row["short_names"].split(";")))


def agency_by_code():
	"""The agencies that are given tasks (not the groups), in the order of the file."""
	return {agency["code"]: agency["name"] for agency in AGENCIES if agency["is_group"] == "0"}


# --------------------------------------------------------------------------------------------------
# Directives and tasks
# --------------------------------------------------------------------------------------------------


def at(day, hour=8, minute=0):
	return datetime.combine(getdate(day), time(hour, minute))


class DemoTasks:
	def __init__(self, rng, size=SIZES["sample"]):
		self.rng = rng
		self.size = size
		self.spread_rng = random.Random(SEED + 3)  # which communes' tasks go to every commune
		self.today = getdate(today())
		self.due_soon = due_soon_days()
		self.agencies = agency_by_code()
		self.sectors = {sector["code"]: sector for sector in SECTORS}
		self.communes = [
			agency["code"]
			for agency in AGENCIES
			if agency["agency_type"] == COMMUNE and agency["is_group"] == "0"
		]
		self.doc_numbers = {}
		self.stats = {"tasks": 0, "reports": 0, "extensions": 0, "occurrences": 0}

	# ---------------------------------------------------------------- helpers
	def day(self, offset):
		return add_days(self.today, offset)

	def between(self, start, end):
		"""A random date in [start, end] (end is clamped to today; start after end gives end)."""
		start, end = getdate(start), min(getdate(end), self.today)
		if start >= end:
			return end
		return add_days(start, self.rng.randint(0, (end - start).days))

	def pick(self, weights):
		items = list(weights)
		return self.rng.choices(items, weights=[weights[i] for i in items])[0]

	# ---------------------------------------------------------------- directives
	def run(self):
		count = len(DIRECTIVES)
		order = list(range(count))
		self.rng.shuffle(order)  # mix sectors over the year
		for position, index in enumerate(order):
			age = round(358 - position * (352 / (count - 1))) + self.rng.randint(-2, 2)
			self.create_directive(DIRECTIVES[index], max(age, 4))
		PeriodicReports(self).run()
		print(
			f"Created {count + 1} directives, {self.stats['tasks']} tasks ({self.stats['occurrences']} made by"
			f" Auto Repeat), {self.stats['reports']} progress reports, {self.stats['extensions']} extension"
			" requests."
		)

	def document_number(self, doc_type, sector, issue_date):
		symbol = DOC_TYPE_SYMBOL.get(doc_type) or f"UBND-{self.sectors[sector]['letter_suffix']}"
		if doc_type == "Instruction":
			key = ("CT", issue_date.year)
			number = self.doc_numbers.get(key, 0) + self.rng.randint(1, 3)
		else:
			key = ("ALL", issue_date.year)
			base = issue_date.timetuple().tm_yday * 12
			number = max(self.doc_numbers.get(key, 0) + 1, base + self.rng.randint(0, 11))
		self.doc_numbers[key] = number
		return f"{number:02d}/{symbol}"

	def create_directive(self, spec, age):
		sector_code, source_type, doc_type = spec["sector"], spec["source_type"], spec["document_type"]
		sector = self.sectors[sector_code]
		issue = self.day(-age)
		leader = CHAIRMAN if self.rng.random() < 0.2 else user_email(sector["vice_chairman"])
		fmt = {"y": issue.year, "y1": issue.year + 1, "y0": issue.year - 1, "n": self.rng.randint(1, 3)}
		urgency = self.pick({"Normal": 65, "Urgent": 22, "Very Urgent": 9, "Flash": 4})
		directive = frappe.get_doc(
			{
				"doctype": "Directive",
				"summary": spec["summary"].format(**fmt),
				"source_type": source_type,
				"document_type": doc_type,
				"document_number": None
				if source_type == "Leader Instruction"
				else self.document_number(doc_type, sector_code, issue),
				"issue_date": issue,
				"signer": frappe.db.get_value("User", leader, "full_name"),
				"directing_leader": leader,
				"sector": sector["name"],
				"tracking_officer": user_email(sector["tracking_officer"]),
				"urgency": urgency,
				"confidentiality": "Confidential"
				if sector_code == "NC" and self.rng.random() < 0.25
				else "Normal",
			}
		)
		directive.insert()
		frappe.db.set_value(
			"Directive",
			directive.name,
			"creation",
			at(issue, 9, self.rng.randint(0, 59)),
			update_modified=False,
		)

		priority = {"Normal": "Normal", "Urgent": "High", "Very Urgent": "Urgent", "Flash": "Urgent"}[urgency]
		for task in spec["tasks"]:
			lead, content = task["lead"], task["content"].format(**fmt)
			if lead == COMMUNES_TASK:
				communes = self.rng.sample(self.communes, self.rng.randint(*self.size.communes))
				if self.spread_rng.random() < self.size.all_communes_share:
					communes = self.communes  # a directive to every commune, ward and the special zone
				for commune in communes:
					self.create_task(directive, issue, commune, content, [], priority)
			else:
				self.create_task(directive, issue, lead, content, task["coordinators"], priority)

	# ---------------------------------------------------------------- task plan
	def plan_state(self, age):
		if age >= 150:
			weights = {
				COMPLETED: 50,
				CANCELLED: 5,
				IN_PROGRESS: 13,
				PENDING_REVIEW: 5,
				RETURNED: 6,
				SUSPENDED: 7,
				ASSIGNED: 6,
				REFUSED: 4,
				DRAFT: 0,
			}
		elif age >= 45:
			weights = {
				COMPLETED: 30,
				CANCELLED: 5,
				IN_PROGRESS: 22,
				PENDING_REVIEW: 9,
				RETURNED: 7,
				SUSPENDED: 5,
				ASSIGNED: 9,
				REFUSED: 7,
				DRAFT: 5,
			}
		else:
			weights = {
				COMPLETED: 8,
				CANCELLED: 4,
				IN_PROGRESS: 28,
				PENDING_REVIEW: 8,
				RETURNED: 4,
				SUSPENDED: 3,
				ASSIGNED: 22,
				REFUSED: 6,
				DRAFT: 17,
			}
		return self.pick(weights)

	def plan_dates(self, state, issue, assigned):
		"""Deadline (None: no deadline) and completion date for the target state."""
		if state == COMPLETED:
			completion = self.between(add_days(assigned, 3), self.day(0))
			if self.rng.random() < 0.1:
				return None, completion
			if self.rng.random() < 0.35 and completion > add_days(issue, 2):
				# late: the deadline fell between the issue date and the completion date
				latest = add_days(completion, -1)
				deadline = self.between(min(add_days(assigned, 7), latest), latest)
				return deadline, completion
			return add_days(completion, self.rng.randint(0, 30)), completion

		age = (self.today - issue).days
		weights = {"On Track": 30, "Due Soon": 12, "Overdue": 36, "No Deadline": 12}
		if age >= 150:
			weights = {"On Track": 25, "Due Soon": 6, "Overdue": 52, "No Deadline": 17}
		status = self.pick(weights)
		if status == "Overdue" and age >= 2:
			latest = self.day(-1)
			earliest = max(min(add_days(assigned, 10), latest), getdate(issue))
			return self.between(earliest, latest), None
		if status == "No Deadline":
			return None, None
		if status == "Due Soon":
			return self.day(self.rng.randint(0, self.due_soon)), None
		return self.day(self.rng.randint(self.due_soon + 1, 90)), None

	# ---------------------------------------------------------------- task life
	def create_task(self, directive, issue, lead, content, coordinators, priority):
		rng = self.rng
		age = (self.today - issue).days
		state = self.plan_state(age)
		cancel_from = None
		if state == CANCELLED:
			cancel_from = self.pick({DRAFT: 2, ASSIGNED: 3, IN_PROGRESS: 4, REFUSED: 2, PENDING_REVIEW: 1})
		path_state = cancel_from or state
		assigned = add_days(issue, rng.randint(0, min(3, age)))
		deadline, completion = self.plan_dates(path_state, issue, assigned)

		# Extensions: approved ones moved the deadline from an earlier one.
		extension = None
		if deadline and path_state not in (DRAFT, REFUSED):
			if not cancel_from and path_state in (ASSIGNED, IN_PROGRESS, RETURNED):
				# still open: a request may be waiting for the office's decision
				extension = self.pick({None: 58, "approved": 12, "approved2": 3, "refused": 8, "pending": 19})
			else:
				extension = self.pick({None: 74, "approved": 14, "approved2": 4, "refused": 8})
		deadlines = [deadline] if deadline else []
		if extension in ("approved", "approved2"):
			steps = 2 if extension == "approved2" else 1
			for _ in range(steps):
				earlier = add_days(deadlines[0], -rng.randint(7, 30))
				if earlier < getdate(issue):
					break
				deadlines.insert(0, earlier)
			if len(deadlines) == 1:
				extension = None

		coord_codes = [c for c in coordinators if c != lead]
		if not coord_codes and rng.random() < 0.15:
			coord_codes = [rng.choice([c for c in self.agencies if c != lead])]
		task = frappe.get_doc(
			{
				"doctype": "Directive Task",
				"directive": directive.name,
				"content": content,
				"lead_agency": self.agencies[lead],
				"coordinating_agencies": [{"agency": self.agencies[c]} for c in coord_codes],
				"priority": priority,
				"directing_leader": directive.directing_leader,
				"tracking_officer": directive.tracking_officer,
				"sector": directive.sector,
				"no_deadline": 0 if deadline else 1,
				"deadline": deadlines[0] if deadlines else None,
			}
		)
		task.insert()
		self.stats["tasks"] += 1
		focal = focal_email(lead)
		events = TaskEvents(self, task, focal)

		if path_state != DRAFT:
			events.move(ASSIGNED)
			if path_state == REFUSED:
				events.move(REFUSED, rng.choice(TEXTS["refuse_reasons"]))
			elif rng.random() < 0.06:
				# refused, then given to another agency
				events.move(REFUSED, rng.choice(TEXTS["refuse_reasons"]))
				other = rng.choice([c for c in self.agencies if c != lead and c not in coord_codes])
				events.task.lead_agency = self.agencies[other]
				events.focal = focal_email(other)
				events.move(ASSIGNED)

			if path_state not in (ASSIGNED, REFUSED):
				self.start_and_work(events, path_state, assigned, completion, deadlines, extension)
			elif path_state == ASSIGNED and extension in ("approved", "approved2", "refused"):
				self.decide_extensions(events, assigned, deadlines, extension)

			if extension == "pending":
				events.extension(
					self.between(max(assigned, self.day(-6)), self.day(0)),
					add_days(events.task.deadline, rng.randint(15, 45)),
					None,
				)

		if cancel_from:
			events.move(CANCELLED, rng.choice(TEXTS["cancel_reasons"]))

		# The workflow stamps today's date; date the task from when it was given (the deadline status does
		# not depend on these two fields).
		frappe.db.set_value(
			"Directive Task",
			task.name,
			{
				"assigned_on": None if path_state == DRAFT else assigned,
				"creation": at(assigned, 10, rng.randint(0, 59)),
			},
			update_modified=False,
		)

	def decide_extensions(self, events, assigned, deadlines, extension):
		rng = self.rng
		for new_deadline in deadlines[1:]:
			events.extension(
				self.between(add_days(assigned, rng.randint(3, 15)), self.day(0)), new_deadline, True
			)
		if extension == "refused":
			events.extension(
				self.between(add_days(assigned, rng.randint(5, 20)), self.day(0)),
				add_days(events.task.deadline, rng.randint(15, 45)),
				False,
			)

	def start_and_work(self, events, state, assigned, completion, deadlines, extension):
		rng = self.rng
		end = completion or self.day(0)
		if state in (PENDING_REVIEW, RETURNED):
			end = self.between(max(assigned, self.day(-20)), self.day(0))

		returned_first = state == COMPLETED and rng.random() < 0.15 and (end - getdate(assigned)).days >= 4
		first_final = self.between(assigned, add_days(end, -2)) if returned_first else None
		reports = rng.choice([0, 1, 1, 2])
		dates = sorted(self.between(assigned, first_final or end) for _ in range(reports))
		progress = 0
		if not dates:
			events.move(IN_PROGRESS)  # accepted without a report yet
		self.decide_extensions(events, assigned, deadlines, extension)
		for report_date in dates:
			progress = min(90, progress + rng.randint(15, 45))
			events.report(report_date, progress)
		if state == SUSPENDED:
			events.move(SUSPENDED, rng.choice(TEXTS["suspend_reasons"]))
			return
		if state == IN_PROGRESS:
			if rng.random() < 0.1:
				events.move(SUSPENDED, rng.choice(TEXTS["suspend_reasons"]))
				events.move(IN_PROGRESS)
			return
		if state == CANCELLED:
			return

		if returned_first:
			events.report(first_final, 100, final=True)
			events.move(RETURNED, rng.choice(TEXTS["return_reasons"]))
		events.report(end, 100, final=True)
		if state == RETURNED:
			events.move(RETURNED, rng.choice(TEXTS["return_reasons"]))
		elif state == COMPLETED:
			events.move(COMPLETED)


REPEAT_MONTHS = {"Monthly": 1, "Quarterly": 3}  # Auto Repeat's frequencies of the periodic reports


class PeriodicReports:
	"""The periodic reports of the year, set up by one directive: for each agency of a report, a template
	task (its first report) repeated by an Auto Repeat. Each later date of the schedule gets its occurrence
	from Auto Repeat's own method (the copy, its deadline by the template's rule, given to the agency at
	once), which is then dated in its month and worked on like any task."""

	def __init__(self, demo):
		self.demo = demo
		self.rng = demo.rng
		self.today = demo.today
		first = getdate(today()).replace(day=1)
		self.first_month = add_months(first, -(demo.size.periodic_months - 1))
		self.children = {}
		for agency in AGENCIES:
			self.children.setdefault(agency["parent"], []).append(agency)

	def leads(self, codes):
		"""Agency codes, a group's code standing for the agencies under it, in the order of the file."""
		found = []
		for code in codes:
			if code in self.demo.agencies:
				found.append(code)
			else:
				found.extend(self.leads([child["code"] for child in self.children.get(code, [])]))
		return list(dict.fromkeys(found))

	def schedule(self, frequency):
		"""The dates the report is made on (the first of its months): the template's, then Auto Repeat's."""
		step = REPEAT_MONTHS[frequency]
		start = self.first_month
		while step > 1 and start.month % step:
			start = add_months(start, 1)  # a quarter's report is made in its last month
		dates = []
		while start <= self.today:
			dates.append(start)
			start = add_months(start, step)
		return dates

	def run(self):
		from chidao_dieuhanh.chidao_dieuhanh.doctype.working_calendar.working_calendar import get_calendar

		self.calendar = get_calendar()
		spec = PERIODIC["directive"]
		issue = add_days(self.first_month, -7)
		sector = self.demo.sectors[spec["sector"]]
		directive = frappe.get_doc(
			{
				"doctype": "Directive",
				"summary": spec["summary"].format(y=issue.year),
				"source_type": spec["source_type"],
				"document_type": spec["document_type"],
				"document_number": self.demo.document_number(spec["document_type"], spec["sector"], issue),
				"issue_date": issue,
				"signer": frappe.db.get_value("User", CHAIRMAN, "full_name"),
				"directing_leader": CHAIRMAN,
				"sector": sector["name"],
				"tracking_officer": user_email(sector["tracking_officer"]),
				"urgency": "Normal",
			}
		).insert()
		frappe.db.set_value("Directive", directive.name, "creation", at(issue, 9), update_modified=False)
		for report in PERIODIC["tasks"]:
			dates = self.schedule(report["frequency"])
			if not dates:
				continue
			for lead in self.leads(report[self.demo.size.periodic_leads]):
				self.repeat(directive, report, lead, dates)

	def deadline(self, report, made_on):
		from chidao_dieuhanh.periodic_tasks import DAY_OF_MONTH_RULE, occurrence_deadline

		days = int(report["days"])
		return occurrence_deadline(
			self.calendar, made_on, report["rule"], days, days if report["rule"] == DAY_OF_MONTH_RULE else 0
		)

	def repeat(self, directive, report, lead, dates):
		from chidao_dieuhanh.periodic_tasks import DAY_OF_MONTH_RULE, WORKING_DAYS_RULE

		days = int(report["days"])
		template = frappe.get_doc(
			{
				"doctype": "Directive Task",
				"directive": directive.name,
				"content": report["content"],
				"lead_agency": self.demo.agencies[lead],
				"priority": "Normal",
				"directing_leader": directive.directing_leader,
				"tracking_officer": directive.tracking_officer,
				"sector": directive.sector,
				"deadline": self.deadline(report, dates[0]),
				"working_days": days if report["rule"] == WORKING_DAYS_RULE else 0,
				"repeat_deadline_rule": report["rule"],
				"repeat_deadline_days": days if report["rule"] == WORKING_DAYS_RULE else 0,
				"repeat_deadline_day": days if report["rule"] == DAY_OF_MONTH_RULE else 0,
			}
		).insert()
		self.demo.stats["tasks"] += 1
		events = TaskEvents(self.demo, template, focal_email(lead))
		events.move(ASSIGNED)
		self.work(events, report, dates[0])

		auto_repeat = frappe.get_doc(
			{
				"doctype": "Auto Repeat",
				"reference_doctype": "Directive Task",
				"reference_document": template.name,
				"frequency": report["frequency"],
				"start_date": dates[0],
			}
		).insert()
		for made_on in dates[1:]:
			occurrence = auto_repeat.make_new_document()  # what Auto Repeat's daily job does on that date
			self.demo.stats["tasks"] += 1
			self.demo.stats["occurrences"] += 1
			self.work(TaskEvents(self.demo, occurrence, focal_email(lead)), report, made_on)
		# The schedule as if the daily job had run since the first report.
		step = REPEAT_MONTHS[report["frequency"]]
		frappe.db.set_value(
			"Auto Repeat",
			auto_repeat.name,
			{
				"start_date": dates[0],
				"next_schedule_date": add_months(dates[-1], step),
				"creation": at(dates[0], 8),
			},
			update_modified=False,
		)

	def work(self, events, report, made_on):
		"""The report's month: made and given to the agency on its date, due by the rule, then done (mostly
		on time for the older months) or still being written."""
		demo, rng = self.demo, self.rng
		deadline = self.deadline(report, made_on)
		frappe.db.set_value(
			"Directive Task",
			events.task.name,
			{"assigned_on": made_on, "deadline": deadline, "creation": at(made_on, 7, rng.randint(0, 30))},
			update_modified=False,
		)
		events.reload()
		late_days = (self.today - getdate(deadline)).days
		if late_days < 0:
			weights = {ASSIGNED: 40, IN_PROGRESS: 40, PENDING_REVIEW: 12, COMPLETED: 8}
		elif late_days <= 30:
			weights = {COMPLETED: 55, PENDING_REVIEW: 10, IN_PROGRESS: 20, ASSIGNED: 10, RETURNED: 5}
		else:
			weights = {COMPLETED: 86, IN_PROGRESS: 6, ASSIGNED: 3, PENDING_REVIEW: 2, RETURNED: 3}
		state = demo.pick(weights)
		if state == ASSIGNED:
			return
		completion = None
		if state == COMPLETED:
			if rng.random() < 0.8 or late_days < 0:
				completion = demo.between(add_days(made_on, 2), deadline)
			else:
				completion = demo.between(add_days(deadline, 1), add_days(deadline, rng.randint(2, 20)))
		demo.start_and_work(events, state, made_on, completion, [deadline], None)


class TaskEvents:
	"""Moves one task through the workflow the way users would, then dates the records realistically."""

	def __init__(self, demo, task, focal):
		self.demo = demo
		self.task = task
		self.focal = focal

	def reload(self):
		self.task = frappe.get_doc("Directive Task", self.task.name)

	def move(self, state, reason=None):
		self.task.workflow_state = state
		self.task.state_reason = reason
		self.task.save()

	def report(self, report_date, progress, final=False):
		rng = self.demo.rng
		if final:
			content = rng.choice(TEXTS["final_reports"])
		else:
			content = rng.choice(TEXTS["progress_reports"])
		doc = frappe.get_doc(
			{
				"doctype": "Progress Report",
				"task": self.task.name,
				"report_date": report_date,
				"progress": progress,
				"is_final": 1 if final else 0,
				"content": f"<p>{content}</p>",
				"difficulties": None if final else rng.choice(TEXTS["difficulties"]) or None,
				"proposals": None if final else rng.choice(TEXTS["proposals"]) or None,
			}
		)
		if progress < (self.task.progress or 0):
			doc.progress_change_reason = TEXTS["progress_change_reason"]
		doc.insert()
		doc.submit()
		self.demo.stats["reports"] += 1
		frappe.db.set_value(
			"Progress Report",
			doc.name,
			{"owner": self.focal, "creation": at(report_date, 15, rng.randint(0, 59))},
			update_modified=False,
		)
		frappe.db.set_value(
			"Task Progress Entry",
			{"progress_report": doc.name},
			"reported_by",
			self.focal,
			update_modified=False,
		)
		self.reload()

	def extension(self, request_date, proposed, approve):
		"""approve: True approved, False refused, None left waiting for a decision."""
		rng = self.demo.rng
		doc = frappe.get_doc(
			{
				"doctype": "Extension Request",
				"task": self.task.name,
				"proposed_deadline": proposed,
				"reason": rng.choice(TEXTS["extension_reasons"]),
			}
		)
		doc.insert()
		doc.workflow_state = "Pending Approval"
		doc.save()
		self.demo.stats["extensions"] += 1
		decided_on = None
		if approve is not None:
			doc.workflow_state = "Approved" if approve else "Refused"
			doc.decision_note = rng.choice(TEXTS["approve_notes" if approve else "refuse_notes"]) or None
			doc.submit()
			decided_on = at(
				self.demo.between(request_date, add_days(request_date, 3)), 16, rng.randint(0, 59)
			)
			frappe.db.set_value(
				"Extension Request",
				doc.name,
				{"decided_by": OFFICE_LEADER, "decided_on": decided_on},
				update_modified=False,
			)
			if approve:
				frappe.db.set_value(
					"Task Deadline Change",
					{"extension_request": doc.name},
					{"approved_by": OFFICE_LEADER, "approved_on": decided_on},
					update_modified=False,
				)
		frappe.db.set_value(
			"Extension Request",
			doc.name,
			{"owner": self.focal, "creation": at(request_date, 14, rng.randint(0, 59))},
			update_modified=False,
		)
		self.reload()


# --------------------------------------------------------------------------------------------------
# The agencies' and leaders' work on the tasks
# --------------------------------------------------------------------------------------------------


class DemoWork:
	"""After the year's tasks: focal points hand tasks to their officers, whose reports the head (or the
	focal point) approves; coordinators send their contributions to the lead agency; the office asks the
	agencies of overdue tasks to explain; leaders give instructions on tasks; two users delegate their work.
	Each record is made by its user through the app's own rules, then dated back to when it happened."""

	def __init__(self, demo, rng):
		self.demo = demo
		self.rng = rng
		self.size = demo.size
		self.today = demo.today
		self.code_of = {name: code for code, name in demo.agencies.items()}
		self.stats = {}

	def run(self):
		try:
			self.hand_over()
			self.contribute()
			self.ask_explanations()
			self.give_instructions()
			self.delegate()
		finally:
			frappe.set_user("Administrator")
		print(
			"Agencies' and leaders' work: " + ", ".join(f"{n} {what}" for what, n in self.stats.items()) + "."
		)

	def count(self, what):
		self.stats[what] = self.stats.get(what, 0) + 1

	def tasks(self, limit, **filters):
		"""Up to `limit` tasks matching the filters, drawn at random (in a fixed order first)."""
		rows = frappe.get_all(
			"Directive Task",
			filters=filters,
			fields=[
				"name",
				"lead_agency",
				"deadline",
				"assigned_on",
				"progress",
				"directing_leader",
				"tracking_officer",
			],
			order_by="name asc",
		)
		return self.rng.sample(rows, min(limit, len(rows)))

	def since(self, task, days=0):
		"""A day between the task's assignment (and `days` after) and today."""
		start = add_days(task.assigned_on or self.demo.day(-30), days)
		return self.demo.between(start, self.today)

	def date(self, doctype, name, values):
		frappe.db.set_value(doctype, name, values, update_modified=False)

	# ---------------------------------------------------------------- forwarding inside the agency
	def hand_over(self):
		officers = {}
		for officer in AGENCY_OFFICERS:
			officers.setdefault(self.demo.agencies[officer["agency"]], []).append(
				officer_email(officer["login"])
			)
		tasks = self.tasks(
			self.size.handovers,
			lead_agency=["in", list(officers)],
			workflow_state=["in", [ASSIGNED, IN_PROGRESS]],
			deadline=["is", "set"],
		)
		for i, task in enumerate(tasks):
			code = self.code_of[task.lead_agency]
			officer = self.rng.choice(officers[task.lead_agency])
			handed_on = self.since(task)
			# from today on (Task Handover's rule), not after the task's deadline while that is ahead
			internal = self.demo.day(self.rng.randint(2, 15))
			if getdate(task.deadline) >= self.today:
				internal = min(getdate(task.deadline), internal)
			frappe.set_user(focal_email(code))
			handover = frappe.get_doc(
				{
					"doctype": "Task Handover",
					"task": task.name,
					"officer": officer,
					"internal_deadline": internal,
					"note": self.rng.choice(WORK_TEXTS["handover_notes"]),
				}
			).insert()
			self.date(HANDOVER, handover.name, {"creation": at(handed_on, 9, self.rng.randint(0, 59))})
			self.count("handovers")
			state = frappe.db.get_value("Directive Task", task.name, "workflow_state")
			if state != IN_PROGRESS or i % 4 == 3:
				continue  # the officer has not reported yet
			self.officer_report(task, code, officer, handed_on, approve=i % 5 != 1)

	def officer_report(self, task, code, officer, handed_on, approve):
		"""The officer drafts the report; the agency's head (or its focal point) approves it by submitting."""
		report_date = self.demo.between(handed_on, self.today)
		frappe.set_user(officer)
		report = frappe.get_doc(
			{
				"doctype": "Progress Report",
				"task": task.name,
				"report_date": report_date,
				"progress": min(95, int(task.progress or 0) + self.rng.randint(10, 30)),
				"content": f"<p>{self.rng.choice(WORK_TEXTS['officer_reports'])}</p>",
			}
		).insert()
		self.date("Progress Report", report.name, {"creation": at(report_date, 10, self.rng.randint(0, 59))})
		self.count("officer reports")
		if not approve:
			self.count("officer reports awaiting approval")
			return
		frappe.set_user(head_email(code) if code in AGENCIES_WITH_HEAD else focal_email(code))
		frappe.get_doc("Progress Report", report.name).submit()
		self.date("Progress Report", report.name, {"modified": at(report_date, 16, self.rng.randint(0, 59))})
		self.count("officer reports approved")

	def contribute(self):
		rows = frappe.get_all(
			"Task Coordinating Agency",
			filters={"parenttype": "Directive Task"},
			fields=["parent", "agency"],
			order_by="parent asc, idx asc",
		)
		coordinators = {}
		for row in rows:
			coordinators.setdefault(row.parent, []).append(row.agency)
		tasks = self.tasks(
			self.size.contributions,
			name=["in", list(coordinators) or [""]],
			workflow_state=["in", [ASSIGNED, IN_PROGRESS, PENDING_REVIEW]],
		)
		for task in tasks:
			agency = self.rng.choice(coordinators[task.name])
			if agency not in self.code_of:
				continue
			day = self.since(task, 2)
			frappe.set_user(focal_email(self.code_of[agency]))
			doc = frappe.get_doc(
				{
					"doctype": "Coordination Contribution",
					"task": task.name,
					"agency": agency,
					"contribution_date": day,
					"content": f"<p>{self.rng.choice(WORK_TEXTS['contributions'])}</p>",
				}
			).insert()
			self.date(
				"Coordination Contribution", doc.name, {"creation": at(day, 14, self.rng.randint(0, 59))}
			)
			self.count("contributions")

	# ---------------------------------------------------------------- explanation requests
	def ask_explanations(self):
		from frappe.model.workflow import apply_workflow

		from chidao_dieuhanh import explanations
		from chidao_dieuhanh.chidao_dieuhanh.doctype.working_calendar.working_calendar import get_calendar

		calendar = get_calendar()
		tasks = self.tasks(
			self.size.explanations, deadline_status="Overdue", workflow_state=["in", [ASSIGNED, IN_PROGRESS]]
		)
		# the first unanswered past its deadline (escalated), the second asked lately, the others answered;
		# of these, one in three waits for the office, the others accepted or (one in four) refused
		for i, task in enumerate(tasks):
			frappe.set_user(task.tracking_officer or OFFICE_LEADER)
			request = frappe.get_doc(
				{
					"doctype": explanations.DOCTYPE,
					"task": task.name,
					"request_note": self.rng.choice(WORK_TEXTS["explanation_requests"]),
				}
			).insert()
			asked = self.demo.between(
				max(add_days(task.deadline, 3), self.demo.day(-40)), self.demo.day(-2 if i == 1 else -12)
			)
			if i == 1:
				asked = self.demo.day(-1)
			due = calendar.add_working_days(asked, int(request.response_days))
			self.date(
				explanations.DOCTYPE,
				request.name,
				{
					"requested_on": asked,
					"response_deadline": due,
					"creation": at(asked, 9, self.rng.randint(0, 59)),
				},
			)
			self.count("explanation requests")
			if i < 2:
				continue
			frappe.set_user(focal_email(self.code_of[request.agency]))
			request = frappe.get_doc(explanations.DOCTYPE, request.name)
			request.update(
				{
					"delay_reason": self.rng.choice(WORK_TEXTS["delay_reasons"]),
					"planned_actions": self.rng.choice(WORK_TEXTS["planned_actions"]),
					"proposed_completion_date": self.demo.day(self.rng.randint(10, 45)),
				}
			)
			request.save()
			apply_workflow(request, "Submit Explanation")
			answered = self.demo.between(asked, add_days(due, 2 if i % 6 == 5 else 0))
			self.date(
				explanations.DOCTYPE,
				request.name,
				{"answered_on": answered, "is_overdue": 1 if getdate(answered) > getdate(due) else 0},
			)
			if i % 3 == 2:
				continue  # the office has not decided yet
			refuse = i % 4 == 3
			frappe.set_user(OFFICE_LEADER)
			request = frappe.get_doc(explanations.DOCTYPE, request.name)
			request.decision_note = self.rng.choice(WORK_TEXTS["refuse_notes" if refuse else "accept_notes"])
			request.save()
			apply_workflow(request, "Refuse Explanation" if refuse else "Accept Explanation")
			decided = self.demo.between(answered, add_days(answered, 3))
			self.date(
				explanations.DOCTYPE, request.name, {"decided_on": at(decided, 16, self.rng.randint(0, 59))}
			)
		frappe.set_user("Administrator")
		# the daily job: the request unanswered past its deadline is marked overdue and escalated
		explanations.escalate_overdue_requests(self.today)

	# ---------------------------------------------------------------- leaders' instructions
	def give_instructions(self):
		from chidao_dieuhanh.leader_instructions import DOCTYPE

		tasks = self.tasks(
			self.size.instructions,
			workflow_state=["in", [ASSIGNED, IN_PROGRESS, PENDING_REVIEW, RETURNED, SUSPENDED]],
		)
		for task in tasks:
			leader = task.directing_leader if self.rng.random() < 0.75 else CHAIRMAN
			frappe.set_user(leader or CHAIRMAN)
			doc = frappe.get_doc(
				{
					"doctype": DOCTYPE,
					"task": task.name,
					"instruction": self.rng.choice(WORK_TEXTS["instructions"]),
				}
			).insert()
			moment = at(self.since(task, 1), self.rng.randint(8, 17), self.rng.randint(0, 59))
			self.date(DOCTYPE, doc.name, {"instructed_on": moment, "creation": moment})
			self.count("leader instructions")

	# ---------------------------------------------------------------- work delegations
	def delegate(self):
		"""A tracking officer away this week (its colleague acts for it); the office leader's leave of last
		month, ended."""
		from chidao_dieuhanh import delegation

		reasons = WORK_TEXTS["delegation_reasons"]
		for delegator, delegate, start, end in (
			(user_email("chuyenvien2"), user_email("chuyenvien3"), -2, 5),
			(OFFICE_LEADER, user_email("chuyenvien1"), -40, -33),
		):
			frappe.set_user(delegator)
			doc = frappe.get_doc(
				{
					"doctype": "Work Delegation",
					"delegator": delegator,
					"delegate": delegate,
					"from_date": self.today,
					"to_date": self.demo.day(max(end, 0)),
					"reason": self.rng.choice(reasons),
				}
			).insert()
			doc.submit()
			frappe.set_user("Administrator")
			if end < 0:
				delegation.end(frappe.get_doc("Work Delegation", doc.name))
			self.date(
				"Work Delegation",
				doc.name,
				{
					"from_date": self.demo.day(start),
					"to_date": self.demo.day(end),
					"creation": at(self.demo.day(start - 3), 10),
				},
			)
			self.count("work delegations")


# --------------------------------------------------------------------------------------------------
# Summary
# --------------------------------------------------------------------------------------------------


def print_summary():
	rows = frappe.db.sql(
		"""select workflow_state, deadline_status, count(*) from `tabDirective Task`
		group by workflow_state, deadline_status order by workflow_state, deadline_status"""
	)
	print("\nDirective Tasks by workflow state and deadline status:")
	for state, status, count in rows:
		print(f"  {state or '-':<20} {status or '-':<20} {count}")
	total = sum(count for _state, _status, count in rows)
	judged = sum(count for _state, status, count in rows if status not in ("Not Assigned", "Cancelled"))
	overdue = sum(count for _state, status, count in rows if status == "Overdue")
	print(
		f"  {total} tasks; {overdue} overdue ({overdue / max(judged, 1):.0%} of the assigned, not withdrawn)"
	)
	repeated = frappe.db.count("Directive Task", {"auto_repeat": ["is", "set"]})
	print(f"  {frappe.db.count('Auto Repeat')} Auto Repeats, {repeated} periodic tasks (templates included)")
	print("\nRecords of the agencies' and leaders' work:")
	for doctype, group in (
		("Task Handover", None),
		("Progress Report", "docstatus"),
		("Coordination Contribution", None),
		("Explanation Request", "workflow_state"),
		("Leader Instruction", None),
		("Work Delegation", "status"),
	):
		if not group:
			print(f"  {doctype:<26} {frappe.db.count(doctype)}")
			continue
		counts = frappe.db.sql(f"select `{group}`, count(*) from `tab{doctype}` group by `{group}`")
		print(f"  {doctype:<26} " + ", ".join(f"{value}: {n}" for value, n in counts))
	drafted = frappe.db.count("Progress Report", {"drafted_by": ["is", "set"]})
	late = frappe.db.count("Explanation Request", {"workflow_state": "Awaiting Explanation", "is_overdue": 1})
	print(
		f"  {'':<26} {drafted} progress reports drafted by officers; {late} explanation overdue, unanswered"
	)

	print(f"\nDemo logins (password for all: {DEMO_PASSWORD}); Administrator keeps its own password.")
	for email, name, roles, what, _title in OFFICE_USERS:
		print(f"  {email:<32} {name:<22} {', '.join(roles):<20} {what}")
	for code, agency in agency_by_code().items():
		name = frappe.db.get_value("User", focal_email(code), "full_name")
		print(f"  {focal_email(code):<32} {name or '':<22} {'Agency Focal Point':<20} Đầu mối {agency}")
		if code in AGENCIES_WITH_HEAD:
			name = frappe.db.get_value("User", head_email(code), "full_name")
			print(f"  {head_email(code):<32} {name or '':<22} {'Agency Head':<20} Lãnh đạo {agency}")
	for officer in AGENCY_OFFICERS:
		email = officer_email(officer["login"])
		name = frappe.db.get_value("User", email, "full_name")
		agency = agency_by_code()[officer["agency"]]
		print(f"  {email:<32} {name or '':<22} {'Agency Officer':<20} {officer['title']}, {agency}")
