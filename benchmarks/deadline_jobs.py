"""Benchmark of the daily jobs at province size: 100,000 tasks.

Prints the time of the deadline-status refresh job and of the reminder job (the step that decides and
records today's reminders), each next to the time of equivalent bare SQL statements run in the same
process on the same rows, and the ratio (target: within 2x). Also prints the delivery time per reminder
(e-mail + in-app through the standard Notifications), which has no SQL equivalent.

Run it from the bench's sites folder, on a site of its own (it adds 100,000 tasks):

    cd ~/chidao-bench/sites
    ../env/bin/python ../apps/chidao_dieuhanh/benchmarks/deadline_jobs.py --site bench3.chidao.localhost
"""

import argparse
import random
import time
from datetime import date, timedelta

from chidao_dieuhanh.task_states import ASSIGNED, CANCELLED, COMPLETED, DRAFT, IN_PROGRESS, RETURNED

AGENCIES = 50
TASKS = 100_000
DIRECTIVES = 20_000
PREFIX = "BM"


def timed(fn) -> float:
	start = time.perf_counter()
	fn()
	return time.perf_counter() - start


def best_of(runs: int, prepare, fn) -> float:
	times = []
	for _ in range(runs):
		prepare()
		times.append(timed(fn))
	return min(times)


def generate(frappe, today: date) -> None:
	"""Bulk-inserts agencies, users, directives and tasks (once; reused by later runs)."""
	if frappe.db.count("Directive Task", {"name": ["like", f"NV-{PREFIX}-%"]}) >= TASKS:
		print(f"Reusing the {TASKS:,} generated tasks")
		return
	rng = random.Random(42)
	now = frappe.utils.now_datetime()
	base = ["creation", "modified", "owner", "modified_by", "docstatus", "idx"]
	meta = [now, now, "Administrator", "Administrator", 0, 0]

	users, agencies, agency_users = [], [], []
	for i in range(1, AGENCIES + 1):
		agency = f"{PREFIX} Agency {i:02d}"
		emails = [f"focal{j}.{i:02d}@bench.chidao.vn" for j in (1, 2)]
		head = f"head.{i:02d}@bench.chidao.vn"
		for email in [*emails, head]:
			users.append((email, *meta, email, email.split("@")[0], 1, "System User"))
		agencies.append(
			(
				agency,
				*meta,
				agency,
				f"{PREFIX}{i:02d}",
				"Provincial Department or Board",
				head,
				1,
				2 * i,
				2 * i + 1,
				0,
			)
		)
		for idx, email in enumerate(emails, start=1):
			agency_users.append(
				(
					frappe.generate_hash(length=12),
					now,
					now,
					"Administrator",
					"Administrator",
					0,
					idx,
					agency,
					"users",
					"Agency",
					email,
				)
			)
	frappe.db.bulk_insert(
		"User", ["name", *base, "email", "first_name", "enabled", "user_type"], users, ignore_duplicates=True
	)
	frappe.db.bulk_insert(
		"Agency",
		[
			"name",
			*base,
			"agency_name",
			"agency_code",
			"agency_type",
			"head_user",
			"receive_auto_reminders",
			"lft",
			"rgt",
			"is_group",
		],
		agencies,
		ignore_duplicates=True,
	)
	frappe.db.bulk_insert(
		"Agency User",
		["name", *base, "parent", "parentfield", "parenttype", "user"],
		agency_users,
		ignore_duplicates=True,
	)
	directives = [
		(
			f"CD-{PREFIX}-{i:06d}",
			*meta,
			f"Chỉ đạo số {i}",
			"Official Document",
			today - timedelta(days=500),
			"In Progress",
		)
		for i in range(1, DIRECTIVES + 1)
	]
	frappe.db.bulk_insert(
		"Directive",
		["name", *base, "summary", "source_type", "issue_date", "directive_status"],
		directives,
		ignore_duplicates=True,
	)
	states = [COMPLETED] * 60 + [CANCELLED] * 4 + [IN_PROGRESS] * 20 + [ASSIGNED] * 8 + [RETURNED] * 3
	states += ["Pending Review"] * 3 + ["Suspended"] * 1 + [DRAFT] * 1
	rows = []
	for i in range(1, TASKS + 1):
		n = rng.randint(1, AGENCIES)
		state = rng.choice(states)
		deadline = None if rng.random() < 0.05 else today + timedelta(days=rng.randint(-400, 120))
		completion = None
		if state == "Completed":
			completion = (deadline or today) + timedelta(days=rng.randint(-20, 10))
			completion = min(completion, today)
		recipients = f"focal1.{n:02d}@bench.chidao.vn,focal2.{n:02d}@bench.chidao.vn"
		rows.append(
			(
				f"NV-{PREFIX}-{i:06d}",
				*meta,
				f"CD-{PREFIX}-{rng.randint(1, DIRECTIVES):06d}",
				f"Nhiệm vụ {i}",
				f"{PREFIX} Agency {n:02d}",
				state,
				deadline,
				1 if deadline is None else 0,
				(deadline or today) - timedelta(days=30),
				completion,
				"On Track",
				recipients,
				"Normal",
			)
		)
	fields = [
		"name",
		*base,
		"directive",
		"content",
		"lead_agency",
		"workflow_state",
		"deadline",
		"no_deadline",
		"assigned_on",
		"completion_date",
		"deadline_status",
		"agency_recipients",
		"priority",
	]
	for start in range(0, len(rows), 10_000):
		frappe.db.bulk_insert("Directive Task", fields, rows[start : start + 10_000], ignore_duplicates=True)
	from chidao_dieuhanh import task_agencies

	task_agencies.rebuild()  # tasks written in SQL: their agencies' rows are made the same way
	frappe.db.commit()
	print(f"Generated {AGENCIES} agencies, {DIRECTIVES:,} directives, {TASKS:,} tasks")


def bare_refresh_sql(today: date, due_soon_before: date) -> list[str]:
	"""The refresh written by hand: one UPDATE per status."""
	t, d = today.isoformat(), due_soon_before.isoformat()
	is_open = f"(workflow_state not in ('{COMPLETED}', '{CANCELLED}') or workflow_state is null)"
	unjudged = (
		"workflow_state = 'Completed' and (deadline_status not in ('Completed On Time', 'Completed Late')"
		" or deadline_status is null)"
	)
	late = f"deadline is not null and coalesce(completion_date, '{t}') > deadline"
	rules = [
		("Cancelled", f"workflow_state = '{CANCELLED}'"),
		("Completed Late", f"{unjudged} and {late}"),
		("Completed On Time", f"{unjudged} and not ({late})"),
		("No Deadline", f"{is_open} and deadline is null"),
		("Overdue", f"{is_open} and deadline < '{t}'"),
		("Due Soon", f"{is_open} and deadline >= '{t}' and deadline < '{d}'"),
		("On Track", f"{is_open} and deadline >= '{d}'"),
	]
	return [
		f"update `tabDirective Task` set deadline_status = '{status}'"
		f" where {where} and (deadline_status != '{status}' or deadline_status is null)"
		for status, where in rules
	]


def bare_reminder_sql(frappe, today: date, due: dict) -> None:
	"""Today's reminders by hand: one INSERT ... SELECT over the due deadlines, then the task counters."""
	union = " union all ".join(
		f"select '{d.isoformat()}' as d, '{stage}' as stage, {days} as days_overdue"
		for d, (stage, days) in due.items()
	)
	t = today.isoformat()
	frappe.db.sql(
		f"""
		insert ignore into `tabTask Reminder` (name, creation, modified, owner, modified_by, docstatus, idx,
			task, directive, lead_agency, deadline, days_overdue, reminder_type, stage, level, reminder_date,
			recipients, channel, status, sent_by, dedupe_key)
		select substr(md5(concat(x.name, '|', '{t}')), 1, 12), now(), now(), 'Administrator', 'Administrator',
			0, 0, x.name, x.directive, x.lead_agency, x.deadline, x.days_overdue, 'Automatic', x.stage,
			x.level, '{t}',
			concat_ws(',', nullif(x.agency_recipients, ''), if(x.level >= 2, head.email, null)),
			'Email and In-App', 'Queued', 'Administrator', concat(x.name, '|', '{t}')
		from (
			select t.name, t.directive, t.lead_agency, t.deadline, t.agency_recipients, a.head_user,
				due.stage, due.days_overdue,
				case when due.stage <> 'Overdue' then '1'
					when (select count(*) from `tabTask Reminder` r where r.task = t.name and r.days_overdue > 0) >= 5 then '3'
					when (select count(*) from `tabTask Reminder` r where r.task = t.name and r.days_overdue > 0) >= 3 then '2'
					else '1' end as level
			from `tabDirective Task` t
			join `tabAgency` a on a.name = t.lead_agency
			join ({union}) due on due.d = t.deadline
			where t.workflow_state in ('{ASSIGNED}', '{IN_PROGRESS}', '{RETURNED}')
				and a.receive_auto_reminders = 1
				and not exists (select 1 from `tabTask Reminder` r where r.task = t.name
					and r.reminder_date = '{t}' and r.reminder_type = 'Automatic')
		) x
		left join `tabUser` head on head.name = x.head_user
		"""
	)
	frappe.db.sql(
		f"""
		update `tabDirective Task` t join (
			select task, count(*) as n, max(reminder_date) as last_date from `tabTask Reminder`
			where task in (select task from `tabTask Reminder` where reminder_date = '{t}') group by task
		) r on r.task = t.name set t.reminder_count = r.n, t.last_reminder_date = r.last_date
		"""
	)


def main():
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--runs", type=int, default=3)
	args = parser.parse_args()

	import frappe

	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	from chidao_dieuhanh import deadlines, reminders
	from chidao_dieuhanh.chidao_dieuhanh.doctype.working_calendar.working_calendar import get_calendar
	from chidao_dieuhanh.deadline_refresh import refresh_deadline_statuses
	from chidao_dieuhanh.settings import due_soon_days, reminder_rule

	calendar = get_calendar()
	today = getdate_working(calendar, date.today())
	generate(frappe, today)
	print(f"Tasks on the site: {frappe.db.count('Directive Task'):,}; today: {today} (a working day)\n")

	# 1. Deadline-status refresh, from stale statuses (every task 'On Track').
	def stale():
		frappe.db.sql("update `tabDirective Task` set deadline_status = 'On Track'")
		frappe.db.commit()

	limit = deadlines.due_soon_limit(calendar, today, due_soon_days())
	statements = bare_refresh_sql(today, limit)
	job = best_of(args.runs, stale, lambda: refresh_deadline_statuses(today))
	job_counts = dict(frappe.db.sql("select deadline_status, count(*) from `tabDirective Task` group by 1"))
	bare = best_of(args.runs, stale, lambda: [frappe.db.sql(s) for s in statements])
	bare_counts = dict(frappe.db.sql("select deadline_status, count(*) from `tabDirective Task` group by 1"))
	assert job_counts == bare_counts, (job_counts, bare_counts)
	frappe.db.commit()
	noop_job = best_of(args.runs, lambda: None, lambda: refresh_deadline_statuses(today))
	noop_bare = best_of(args.runs, lambda: None, lambda: [frappe.db.sql(s) for s in statements])
	print(
		"Deadline-status refresh (100,000 tasks, statuses:",
		", ".join(f"{k} {v:,}" for k, v in sorted(job_counts.items())),
		")",
	)
	print(f"  from stale : job {job:7.3f} s   bare SQL {bare:7.3f} s   ratio {job / bare:5.2f}")
	print(
		f"  second run : job {noop_job:7.3f} s   bare SQL {noop_bare:7.3f} s   ratio {noop_job / noop_bare:5.2f}\n"
	)

	# 2. Reminder job: deciding and recording today's reminders.
	def no_reminders_today():
		frappe.db.sql("delete from `tabTask Reminder` where reminder_date = %s", today)
		frappe.db.commit()

	earliest = frappe.db.sql(
		"select min(deadline) from `tabDirective Task`"
		f" where workflow_state in ('{ASSIGNED}', '{IN_PROGRESS}', '{RETURNED}')"
	)[0][0]
	due = deadlines.reminder_deadlines(calendar, today, reminder_rule(), earliest)
	job = best_of(args.runs, no_reminders_today, lambda: reminders.record_due_reminders(today))
	job_rows = frappe.db.count("Task Reminder", {"reminder_date": today})
	bare = best_of(args.runs, no_reminders_today, lambda: bare_reminder_sql(frappe, today, due))
	bare_rows = frappe.db.count("Task Reminder", {"reminder_date": today})
	assert job_rows == bare_rows, (job_rows, bare_rows)
	print(f"Reminder job ({job_rows:,} reminders due today among {TASKS:,} tasks)")
	print(f"  record     : job {job:7.3f} s   bare SQL {bare:7.3f} s   ratio {job / bare:5.2f}")

	# 3. Delivery (e-mail and in-app through the standard Notifications), a sample.
	no_reminders_today()
	reminders.record_due_reminders(today)
	frappe.db.commit()
	sample = 100
	elapsed = timed(lambda: reminders.deliver_queued_reminders(limit=sample))
	print(
		f"  delivery   : {elapsed / sample * 1000:6.1f} ms per reminder (sample of {sample}; no SQL equivalent)"
	)
	no_reminders_today()
	frappe.db.delete("Email Queue", {"reference_doctype": "Task Reminder"})
	frappe.db.commit()
	frappe.destroy()


def getdate_working(calendar, day: date) -> date:
	while not calendar.is_working_day(day):
		day -= timedelta(days=1)
	return day


if __name__ == "__main__":
	main()
