"""Benchmark of the statistics reports at province size.

Generates (once; reused by later runs) 50 agencies, 20,000 directives, 100,000 tasks (a third of them with
coordinating agencies) and 300,000 progress reports, then prints for the task statistics by agency and for
the agency ranking: the report's own time (its `execute`, as the desk runs it), the time of the bare SQL
GROUP BY over the same rows in the same run, and the ratio. Target: within 1.5x of bare SQL and under a
second. The numbers of the report and of the bare SQL are checked equal.

Run it from the bench's sites folder, on a site of its own (it adds the rows above):

    cd ~/chidao-bench/sites
    ../env/bin/python ../apps/chidao_dieuhanh/benchmarks/bench_reports.py --site bench4.chidao.localhost
"""

import argparse
import random
import time
from datetime import date, timedelta

from chidao_dieuhanh.task_states import ASSIGNED, CANCELLED, COMPLETED, DRAFT, IN_PROGRESS

AGENCIES = 50
DIRECTIVES = 20_000
TASKS = 100_000
REPORTS_PER_TASK = 3
PREFIX = "BR"
GROUP = f"{PREFIX} Province"
LEADERS = [f"leader{i}@bench-reports.chidao.vn" for i in range(1, 5)]
SECTORS = [f"{PREFIX} Sector {i}" for i in range(1, 7)]
SOURCE_TYPES = ["Official Document", "Meeting Conclusion", "Leader Instruction"]
# Workflow states in the proportions of a province a year or two into the system.
STATES = (
	[COMPLETED] * 60
	+ [CANCELLED] * 4
	+ [IN_PROGRESS] * 20
	+ [ASSIGNED] * 8
	+ ["Returned"] * 3
	+ ["Pending Review"] * 3
	+ ["Suspended"] * 1
	+ [DRAFT] * 1
)
BATCH = 10_000


def best_of(runs: int, fn) -> tuple[float, object]:
	times, result = [], None
	for _ in range(runs):
		start = time.perf_counter()
		result = fn()
		times.append(time.perf_counter() - start)
	return min(times), result


def deadline_status(state: str, deadline: date | None, completion: date | None, today: date) -> str:
	if state == CANCELLED:
		return "Cancelled"
	if state == COMPLETED:
		return "Completed Late" if deadline and completion > deadline else "Completed On Time"
	if not deadline:
		return "No Deadline"
	if deadline < today:
		return "Overdue"
	return "Due Soon" if (deadline - today).days <= 3 else "On Track"


def generate(frappe, today: date) -> None:
	from chidao_dieuhanh import task_agencies

	if frappe.db.count("Directive Task", {"name": ["like", f"NV-{PREFIX}-%"]}) >= TASKS:
		print(f"Reusing the generated {TASKS:,} tasks")
		if not frappe.db.exists("Directive Task Agency", {"task": f"NV-{PREFIX}-{TASKS:06d}"}):
			task_agencies.rebuild()  # generated before the table of which agency sees which task
			frappe.db.commit()
		return
	rng = random.Random(20261122)
	now = frappe.utils.now_datetime()
	base = ["creation", "modified", "owner", "modified_by", "docstatus", "idx"]
	meta = [now, now, "Administrator", "Administrator", 0, 0]

	def insert(doctype, fields, rows):
		for start in range(0, len(rows), BATCH):
			frappe.db.bulk_insert(doctype, fields, rows[start : start + BATCH], ignore_duplicates=True)

	insert(
		"User",
		["name", *base, "email", "first_name", "enabled", "user_type"],
		[(u, *meta, u, u.split("@")[0], 1, "System User") for u in LEADERS],
	)
	insert("Sector", ["name", *base, "sector_name"], [(s, *meta, s) for s in SECTORS])
	agencies = [f"{PREFIX} Agency {i:02d}" for i in range(1, AGENCIES + 1)]
	insert(
		"Agency",
		[
			"name",
			*base,
			"agency_name",
			"agency_code",
			"agency_type",
			"parent_agency",
			"lft",
			"rgt",
			"is_group",
		],
		[(GROUP, *meta, GROUP, PREFIX, "Other", None, 1, 2 * AGENCIES + 2, 1)]
		+ [
			(a, *meta, a, f"{PREFIX}{i:02d}", "Provincial Department or Board", GROUP, 2 * i, 2 * i + 1, 0)
			for i, a in enumerate(agencies, 1)
		],
	)
	directives = []
	for i in range(1, DIRECTIVES + 1):
		sector = rng.randrange(len(SECTORS))
		directives.append(
			(
				f"CD-{PREFIX}-{i:06d}",
				*meta,
				f"Chỉ đạo số {i}",
				SOURCE_TYPES[i % 3],
				today - timedelta(days=800),
				LEADERS[sector % len(LEADERS)],
				SECTORS[sector],
				"In Progress",
			)
		)
	insert(
		"Directive",
		[
			"name",
			*base,
			"summary",
			"source_type",
			"issue_date",
			"directing_leader",
			"sector",
			"directive_status",
		],
		directives,
	)

	tasks, coordinators, reports = [], [], []
	for i in range(1, TASKS + 1):
		name = f"NV-{PREFIX}-{i:06d}"
		directive = directives[rng.randrange(DIRECTIVES)]
		lead = rng.randrange(AGENCIES)
		state = rng.choice(STATES)
		assigned = today - timedelta(days=rng.randint(0, 700))
		deadline = None if rng.random() < 0.05 else assigned + timedelta(days=rng.randint(5, 120))
		completion = None
		if state == "Completed":
			completion = min((deadline or today) + timedelta(days=rng.randint(-20, 10)), today)
			completion = max(completion, assigned)
		last_report = min(assigned + timedelta(days=rng.randint(1, 60)), today)
		tasks.append(
			(
				name,
				*meta,
				directive[0],
				f"Nhiệm vụ {i}",
				agencies[lead],
				directive[10],
				directive[11],
				directive[8],
				state,
				deadline,
				1 if deadline is None else 0,
				None if state == DRAFT else assigned,
				completion,
				deadline_status(state, deadline, completion, today),
				rng.randint(0, 6),
				last_report,
				100 if state == "Completed" else rng.randint(0, 90),
				"Normal",
			)
		)
		if rng.random() < 0.35:
			for idx, other in enumerate(
				rng.sample([a for a in range(AGENCIES) if a != lead], rng.randint(1, 2)), 1
			):
				coordinators.append(
					(
						f"{name}-c{idx}",
						*meta[:5],
						idx,
						name,
						"coordinating_agencies",
						"Directive Task",
						agencies[other],
					)
				)
		for n in range(REPORTS_PER_TASK):
			reports.append(
				(
					f"BC-{PREFIX}-{i:06d}-{n}",
					*meta[:4],
					1,
					0,
					name,
					f"Nhiệm vụ {i}",
					agencies[lead],
					min(assigned + timedelta(days=10 * (n + 1)), today),
					min(30 * (n + 1), 100),
					"<p>Đã triển khai thực hiện</p>",
				)
			)
	insert(
		"Directive Task",
		[
			"name",
			*base,
			"directive",
			"content",
			"lead_agency",
			"directing_leader",
			"sector",
			"source_type",
			"workflow_state",
			"deadline",
			"no_deadline",
			"assigned_on",
			"completion_date",
			"deadline_status",
			"reminder_count",
			"last_report_date",
			"progress",
			"priority",
		],
		tasks,
	)
	insert(
		"Task Coordinating Agency",
		["name", *base, "parent", "parentfield", "parenttype", "agency"],
		coordinators,
	)
	insert(
		"Progress Report",
		["name", *base, "task", "task_content", "lead_agency", "report_date", "progress", "content"],
		reports,
	)
	task_agencies.rebuild()  # tasks written in SQL: their agencies' rows are made the same way
	frappe.db.commit()
	print(
		f"Generated {AGENCIES} agencies, {DIRECTIVES:,} directives, {TASKS:,} tasks,"
		f" {len(coordinators):,} coordinating assignments, {len(reports):,} progress reports"
	)


COUNTS = """count(*) as total,
	sum(case when deadline_status = 'Completed On Time' then 1 else 0 end) as completed_on_time,
	sum(case when deadline_status = 'Completed Late' then 1 else 0 end) as completed_late,
	sum(case when deadline_status in ('On Track', 'Due Soon', 'No Deadline') then 1 else 0 end)
		as open_within_deadline,
	sum(case when deadline_status = 'Overdue' then 1 else 0 end) as open_overdue,
	sum(case when deadline_status = 'Cancelled' then 1 else 0 end) as cancelled"""


def bare_statistics(frappe, from_date: date, to_date: date):
	"""The statistics by agency written by hand (with the report's index hint: without it MariaDB walks the
	lead_agency index, three times slower)."""
	return frappe.db.sql(
		f"""select lead_agency as agency, {COUNTS}
		from `tabDirective Task` use index (assigned_on)
		where workflow_state != '{DRAFT}' and assigned_on between %(from)s and %(to)s
		group by lead_agency""",
		{"from": from_date, "to": to_date},
		as_dict=True,
	)


def as_user(user, fn):
	"""`fn` as it runs in a request of `user` (the user's agencies read afresh)."""

	def call():
		import frappe

		from chidao_dieuhanh.permissions import clear_agency_cache

		frappe.set_user(user)
		clear_agency_cache()  # as in a new request
		return fn()

	return call


def bare_ranking(frappe, previous_from: date, current_from: date, to_date: date):
	"""The ranking's counts written by hand: lead and coordinator assignments, this period and the one
	before, grouped per role."""
	period = "case when t.deadline >= %(current)s then 1 else 0 end"
	where = f"t.workflow_state != '{DRAFT}' and t.deadline between %(from)s and %(to)s"
	return frappe.db.sql(
		f"""select t.lead_agency as agency, 'Lead' as agency_role, {period} as is_current, {COUNTS}
		from `tabDirective Task` t use index (deadline)
		where {where}
		group by t.lead_agency, is_current
		union all
		select c.agency, 'Coordinator', {period} as is_current, {COUNTS}
		from `tabDirective Task` t
		join `tabTask Coordinating Agency` c on c.parent = t.name and c.parenttype = 'Directive Task'
		where {where}
		group by c.agency, is_current""",
		{"from": previous_from, "current": current_from, "to": to_date},
		as_dict=True,
	)


def main():
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--runs", type=int, default=5)
	args = parser.parse_args()

	import frappe

	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	from chidao_dieuhanh.chidao_dieuhanh.report.agency_ranking import agency_ranking
	from chidao_dieuhanh.chidao_dieuhanh.report.task_statistics_by_agency import task_statistics_by_agency
	from chidao_dieuhanh.task_counts import previous_period

	today = frappe.utils.getdate()
	generate(frappe, today)
	print(
		f"On the site: {frappe.db.count('Directive Task'):,} tasks,"
		f" {frappe.db.count('Progress Report'):,} progress reports\n"
	)
	year_start = date(today.year, 1, 1)
	year_end = date(today.year, 12, 31)
	# Warm the caches (meta, settings) and the buffer pool as a desk that is in use has them.
	task_statistics_by_agency.execute({"from_date": year_start, "to_date": today})
	bare_statistics(frappe, year_start, today)

	# 1. Statistics by agency: this year, by assignment date, lead agencies.
	filters = {"from_date": year_start, "to_date": today, "date_basis": "Assignment Date"}
	report_time, result = best_of(args.runs, lambda: task_statistics_by_agency.execute(filters))
	bare_time, bare = best_of(args.runs, lambda: bare_statistics(frappe, year_start, today))
	rows = {r["agency"]: r for r in result[1] if not r.get("is_total_row")}
	for row in bare:
		for column in (
			"total",
			"completed_on_time",
			"completed_late",
			"open_within_deadline",
			"open_overdue",
		):
			assert rows[row.agency][column] == row[column], (row.agency, column)
	print(f"Task statistics by agency ({len(rows)} agencies, {sum(r.total for r in bare):,} tasks this year)")
	print(
		f"  report {report_time:7.3f} s   bare SQL {bare_time:7.3f} s   ratio {report_time / bare_time:5.2f}\n"
	)

	# 2. Agency ranking: this year by deadline against last year, lead and coordinator assignments.
	filters = {"from_date": year_start, "to_date": year_end, "date_basis": "Deadline"}
	previous_from, _previous_to = previous_period(year_start, year_end)
	report_time, result = best_of(args.runs, lambda: agency_ranking.execute(filters))
	bare_time, bare = best_of(args.runs, lambda: bare_ranking(frappe, previous_from, year_start, year_end))
	judged = sum(
		int(r.completed_on_time) + int(r.completed_late) + int(r.open_overdue)
		for r in bare
		if int(r.is_current)
	)
	ranked = result[1]
	assert judged == sum(r["lead_tasks"] + r["coordinator_tasks"] for r in ranked), judged
	print(f"Agency ranking ({len(ranked)} agencies, {judged:,} judged assignments this year and last year's)")
	print(
		f"  report {report_time:7.3f} s   bare SQL {bare_time:7.3f} s   ratio {report_time / bare_time:5.2f}"
	)
	frappe.destroy()


if __name__ == "__main__":
	main()
