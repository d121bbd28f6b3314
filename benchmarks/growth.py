"""Growth to a million tasks: the reports, the daily jobs, the lists and the REST API at 10,000, 100,000 and
1,000,000 tasks.

Builds (or grows, reusing what an earlier run made) one province in set-based SQL (INSERT ... SELECT over
MariaDB's sequence tables, in chunks): 50 agencies with two focal points and a head each, a directive per
five tasks, tasks in the workflow states, dates and proportions of `bench_reports.py` (a third of them
with one or two coordinating agencies, three progress reports each, 0 to 6 past reminders each) and the
e-mail recipients of `deadline_jobs.py`; the table of which agency sees which task is rebuilt after each
growth when the site has it. At each size it prints, best of a few runs:

- the statistics by agency (this year, by assignment date) and the agency ranking (this year by deadline
  against last year): the report's `execute` as the desk runs it, next to bare SQL over the same rows;
- the Overdue Tasks report (the longest overdue 500 of all, with their total and the counts above them),
  next to the same three statements in bare SQL;
- the deadline-status refresh (after the growth, over the rows just built with a stale status, then again
  with nothing to change) and the reminder job (deciding and recording today's reminders);
- an agency focal point's and a tracking officer's task list of 20 and count (Frappe's `get_list` and
  the app's `get_count`, the paths of the desk and REST);
- REST throughput and p50/p95 latency of a mix of those requests (lists, counts, a task, the three
  reports) by office and agency users at 8 and 32 concurrent users, through gunicorn with workers sized
  to the cores (2 x cores + 1, as `bench setup production` and `scripts/production.sh`), started here.

Targets: reports within 1.5x of bare SQL at every size and under 2 s at a million tasks; cost growing no
faster than the rows read (the last table: growth of the time against growth of the rows). Run it from
the bench's sites folder as the bench user, on a site of its own:

    cd ~/chidao-bench/sites
    ../env/bin/python ../apps/chidao_dieuhanh/benchmarks/growth.py --site scale.chidao.localhost
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import date, timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bench_reports import COUNTS, as_user, bare_ranking, best_of

PREFIX = "GR"
AGENCIES = 50
TASKS_PER_DIRECTIVE = 5
COORDINATED_PERCENT = 35
REPORTS_PER_TASK = 3
MAX_REMINDERS = 6
LEADERS = [f"leader{i}@growth.chidao.vn" for i in range(1, 5)]
SECTORS = [f"{PREFIX} Sector {i}" for i in range(1, 7)]
SOURCE_TYPES = ["Official Document", "Meeting Conclusion", "Leader Instruction"]
OFFICE_USERS = [f"office{i}@growth.chidao.vn" for i in (1, 2)]
CHUNK = 50_000
GROUP = f"{PREFIX} Province"
OVERDUE_ROWS = 500
REPORTS = ["Task Statistics by Agency", "Agency Ranking", "Overdue Tasks"]


def agency(n: int) -> str:
	return f"{PREFIX} Agency {n:02d}"


def focal(j: int, n: int) -> str:
	return f"focal{j}.{n:02d}@growth.chidao.vn"


def head(n: int) -> str:
	return f"head.{n:02d}@growth.chidao.vn"


def task_name_sql(number: str) -> str:
	return f"concat('NV-{PREFIX}-', lpad({number}, 7, '0'))"


# --------------------------------------------------------------------------------------------------
# Building the province
# --------------------------------------------------------------------------------------------------


def build_masters(frappe) -> None:
	"""Users (with roles), sectors, the agencies and their users; once."""
	if frappe.db.exists("Agency", agency(AGENCIES)):
		return
	now = frappe.utils.now_datetime()
	base = ["creation", "modified", "owner", "modified_by", "docstatus", "idx"]
	meta = [now, now, "Administrator", "Administrator", 0, 0]
	# Users made long ago: Frappe refuses to create users while 60 were made in the last hour.
	long_ago = [date(2020, 1, 1), date(2020, 1, 1), *meta[2:]]
	users = [(u, "Leader") for u in LEADERS] + [(u, "Tracking Officer") for u in OFFICE_USERS]
	for n in range(1, AGENCIES + 1):
		users += [(focal(1, n), "Agency Focal Point"), (focal(2, n), "Agency Focal Point")]
		users.append((head(n), "Agency Head"))
	frappe.db.bulk_insert(
		"User",
		["name", *base, "email", "first_name", "enabled", "user_type"],
		[(u, *long_ago, u, u.split("@")[0], 1, "System User") for u, _role in users],
		ignore_duplicates=True,
	)
	frappe.db.bulk_insert(
		"Has Role",
		["name", *base, "parent", "parentfield", "parenttype", "role"],
		[(frappe.generate_hash(length=12), *meta, u, "roles", "User", role) for u, role in users],
		ignore_duplicates=True,
	)
	frappe.db.bulk_insert("Sector", ["name", *base, "sector_name"], [(s, *meta, s) for s in SECTORS], True)
	agency_type = frappe.db.get_value("Agency Type", {}, "name")
	# The province's tree after every other agency's, so that no other agency's sub-units take in these.
	offset = int(frappe.db.sql("select coalesce(max(rgt), 0) from `tabAgency`")[0][0])
	frappe.db.bulk_insert(
		"Agency",
		[
			"name",
			*base,
			"agency_name",
			"agency_code",
			"agency_type",
			"parent_agency",
			"head_user",
			"receive_auto_reminders",
			"lft",
			"rgt",
			"is_group",
		],
		[(GROUP, *meta, GROUP, PREFIX, agency_type, None, None, 0, offset + 1, offset + 2 * AGENCIES + 2, 1)]
		+ [
			(
				agency(n),
				*meta,
				agency(n),
				f"{PREFIX}{n:02d}",
				agency_type,
				GROUP,
				head(n),
				1,
				offset + 2 * n,
				offset + 2 * n + 1,
				0,
			)
			for n in range(1, AGENCIES + 1)
		],
		ignore_duplicates=True,
	)
	frappe.db.bulk_insert(
		"Agency User",
		["name", *base, "parent", "parentfield", "parenttype", "user"],
		[
			(
				frappe.generate_hash(length=12),
				now,
				now,
				"Administrator",
				"Administrator",
				0,
				j,
				agency(n),
				"users",
				"Agency",
				focal(j, n),
			)
			for n in range(1, AGENCIES + 1)
			for j in (1, 2)
		],
		ignore_duplicates=True,
	)
	frappe.db.commit()


def grow(frappe, size: int, today: date) -> float:
	"""Adds tasks (with their directives, coordinators, reports and reminders) up to `size`; returns the
	seconds it took."""
	from chidao_dieuhanh import task_states

	have = frappe.db.count("Directive Task", {"name": ["like", f"NV-{PREFIX}-%"]})
	if have >= size:
		rebuild_task_agencies(frappe, size)
		return 0.0
	start = time.perf_counter()
	for first in range(have + 1, size + 1, CHUNK):
		last = min(first + CHUNK - 1, size)
		insert_directives(
			frappe, (first - 1) // TASKS_PER_DIRECTIVE + 1, (last - 1) // TASKS_PER_DIRECTIVE + 1
		)
		insert_tasks(frappe, first, last, today, task_states)
		names = {"first": f"NV-{PREFIX}-{first:07d}", "last": f"NV-{PREFIX}-{last:07d}"}
		insert_coordinators(frappe, names)
		insert_reports(frappe, names, today)
		insert_reminders(frappe, names, today)
		frappe.db.commit()
		print(f"  built tasks {first:,} to {last:,} ({time.perf_counter() - start:.0f} s)", flush=True)
	rebuild_task_agencies(frappe, size)
	return time.perf_counter() - start


def rebuild_task_agencies(frappe, size: int) -> None:
	"""The tasks were written in SQL: their agencies' rows (when the site has the table) are made the same
	way, unless an earlier run made them."""
	if not frappe.db.table_exists("Directive Task Agency"):
		return
	if frappe.db.exists("Directive Task Agency", {"task": f"NV-{PREFIX}-{size:07d}"}):
		return
	from chidao_dieuhanh import task_agencies

	task_agencies.rebuild()
	frappe.db.commit()


META_SQL = "now(), now(), 'Administrator', 'Administrator'"


def insert_directives(frappe, first: int, last: int) -> None:
	sector = "(seq %% 6)"
	frappe.db.sql(
		f"""insert ignore into `tabDirective` (name, creation, modified, owner, modified_by, docstatus, idx,
			summary, source_type, issue_date, directing_leader, sector, directive_status)
		select concat('CD-{PREFIX}-', lpad(seq, 6, '0')), {META_SQL}, 0, 0, concat('Chỉ đạo số ', seq),
			elt(seq %% 3 + 1, %(s1)s, %(s2)s, %(s3)s), %(issue)s,
			concat('leader', {sector} %% 4 + 1, '@growth.chidao.vn'), concat('{PREFIX} Sector ', {sector} + 1),
			'In Progress'
		from seq_{first}_to_{last}""",
		{"s1": SOURCE_TYPES[0], "s2": SOURCE_TYPES[1], "s3": SOURCE_TYPES[2], "issue": date(2020, 1, 1)},
	)


def insert_tasks(frappe, first: int, last: int, today: date, task_states) -> None:
	"""Tasks `first` to `last`, each drawn from hashes of its number: the states (60% completed, 4%
	cancelled, 20% in progress, 8% assigned, 3% returned, 3% pending review, 1% suspended, 1% draft), the
	assignment date (up to 700 days ago), the deadline (5 to 120 days later, none for 5%), the completion
	(20 days early to 10 days late) of bench_reports.py. Their deadline status is left stale ('On Track'):
	the status refresh, timed later, sets it."""

	def h(salt: str) -> str:
		return f"crc32(concat(seq, '{salt}'))"

	directive = f"((seq - 1) div {TASKS_PER_DIRECTIVE} + 1)"
	frappe.db.sql(
		f"""insert ignore into `tabDirective Task` (name, creation, modified, owner, modified_by, docstatus,
			idx, directive, content, lead_agency, directing_leader, sector, source_type, workflow_state,
			deadline, no_deadline, assigned_on, completion_date, deadline_status, reminder_count,
			last_reminder_date, last_report_date, progress, priority, agency_recipients)
		select x.name, x.created, x.created, 'Administrator', 'Administrator', 0, 0, x.directive, x.content,
			concat('{PREFIX} Agency ', lpad(x.lead, 2, '0')),
			concat('leader', x.sector %% 4 + 1, '@growth.chidao.vn'), concat('{PREFIX} Sector ', x.sector + 1),
			elt(x.d %% 3 + 1, %(s1)s, %(s2)s, %(s3)s), x.state, x.deadline, x.deadline is null,
			if(x.state = %(draft)s, null, x.assigned),
			if(x.state = %(completed)s,
				greatest(x.assigned, least(%(today)s, coalesce(x.deadline, %(today)s) + interval x.early_late day)),
				null),
			'On Track', x.reminders, if(x.reminders > 0, %(today)s - interval 1 day, null),
			least(x.assigned + interval x.report_after day, %(today)s),
			if(x.state = %(completed)s, 100, x.progress), 'Normal',
			concat('focal1.', lpad(x.lead, 2, '0'), '@growth.chidao.vn,focal2.', lpad(x.lead, 2, '0'),
				'@growth.chidao.vn')
		from (
			select {task_name_sql("seq")} as name, {directive} as d,
				concat('CD-{PREFIX}-', lpad({directive}, 6, '0')) as directive,
				concat('Nhiệm vụ ', seq) as content, {h("l")} %% {AGENCIES} + 1 as lead, {directive} %% 6 as sector,
				case
					when {h("s")} %% 100 < 60 then %(completed)s
					when {h("s")} %% 100 < 64 then %(cancelled)s
					when {h("s")} %% 100 < 84 then %(in_progress)s
					when {h("s")} %% 100 < 92 then %(assigned)s
					when {h("s")} %% 100 < 95 then %(returned)s
					when {h("s")} %% 100 < 98 then %(pending_review)s
					when {h("s")} %% 100 < 99 then %(suspended)s
					else %(draft)s end as state,
				%(today)s - interval ({h("a")} %% 701) day as assigned,
				if({h("n")} %% 100 < 5, null,
					%(today)s - interval ({h("a")} %% 701) day + interval (5 + {h("e")} %% 116) day) as deadline,
				cast({h("c")} %% 31 as signed) - 20 as early_late,
				{h("r")} %% {MAX_REMINDERS + 1} as reminders,
				1 + {h("p")} %% 60 as report_after,
				{h("g")} %% 91 as progress,
				%(today)s - interval ({h("a")} %% 701) day + interval (seq %% 86400) second as created
			from seq_{first}_to_{last}
		) x""",
		{
			"s1": SOURCE_TYPES[0],
			"s2": SOURCE_TYPES[1],
			"s3": SOURCE_TYPES[2],
			"today": today,
			"completed": task_states.COMPLETED,
			"cancelled": task_states.CANCELLED,
			"in_progress": task_states.IN_PROGRESS,
			"assigned": task_states.ASSIGNED,
			"returned": task_states.RETURNED,
			"pending_review": task_states.PENDING_REVIEW,
			"suspended": task_states.SUSPENDED,
			"draft": task_states.DRAFT,
		},
	)


def insert_coordinators(frappe, names: dict) -> None:
	"""35% of the tasks get one or two coordinating agencies other than the lead."""
	number = "cast(substr(t.name, 7) as unsigned)"

	def h(salt: str) -> str:
		return f"crc32(concat({number}, '{salt}'))"

	lead = "(cast(substr(t.lead_agency, 11) as unsigned) - 1)"
	offset_1 = f"({h('o')} %% {AGENCIES - 1})"
	offset_2 = f"(({offset_1} + 1 + {h('q')} %% {AGENCIES - 2}) %% {AGENCIES - 1})"
	for idx, offset, more in ((1, offset_1, ""), (2, offset_2, f"and {h('m')} %% 2 = 1")):
		frappe.db.sql(
			f"""insert ignore into `tabTask Coordinating Agency` (name, creation, modified, owner, modified_by,
				docstatus, idx, parent, parentfield, parenttype, agency)
			select concat(t.name, '-c{idx}'), {META_SQL}, 0, {idx}, t.name, 'coordinating_agencies',
				'Directive Task', concat('{PREFIX} Agency ', lpad(({lead} + 1 + {offset}) %% {AGENCIES} + 1, 2, '0'))
			from `tabDirective Task` t
			where t.name between %(first)s and %(last)s and {h("k")} %% 100 < {COORDINATED_PERCENT} {more}""",
			names,
		)


def insert_reports(frappe, names: dict, today: date) -> None:
	frappe.db.sql(
		f"""insert ignore into `tabProgress Report` (name, creation, modified, owner, modified_by, docstatus,
			idx, task, task_content, lead_agency, report_date, progress, content)
		select concat('BC-{PREFIX}-', substr(t.name, 7), '-', r.seq), {META_SQL}, 1, 0, t.name, t.content,
			t.lead_agency, least(coalesce(t.assigned_on, %(today)s) + interval 10 * (r.seq + 1) day, %(today)s),
			least(30 * (r.seq + 1), 100), '<p>Đã triển khai thực hiện</p>'
		from `tabDirective Task` t join seq_0_to_{REPORTS_PER_TASK - 1} r
		where t.name between %(first)s and %(last)s""",
		{**names, "today": today},
	)


def insert_reminders(frappe, names: dict, today: date) -> None:
	"""The task's past reminders (its reminder count), a week apart up to yesterday."""
	frappe.db.sql(
		f"""insert ignore into `tabTask Reminder` (name, creation, modified, owner, modified_by, docstatus, idx,
			task, directive, lead_agency, deadline, days_overdue, reminder_type, stage, level, reminder_date,
			recipients, channel, status, sent_by, dedupe_key)
		select substr(md5(concat(x.task, '|', x.n)), 1, 16), {META_SQL}, 0, 0, x.task, x.directive,
			x.lead_agency, x.deadline, greatest(0, datediff(x.on_date, x.deadline)), 'Automatic',
			case when x.on_date > x.deadline then 'Overdue' when x.on_date = x.deadline then 'Deadline Day'
				else 'Before Deadline' end,
			'1', x.on_date, x.agency_recipients, 'Email and In-App', 'Sent', 'Administrator',
			concat(x.task, '|', x.on_date)
		from (
			select t.name as task, t.directive, t.lead_agency, t.deadline, t.agency_recipients, r.seq as n,
				%(today)s - interval (1 + 7 * (t.reminder_count - r.seq)) day as on_date
			from `tabDirective Task` t join seq_1_to_{MAX_REMINDERS} r on r.seq <= t.reminder_count
			where t.name between %(first)s and %(last)s
		) x""",
		{**names, "today": today},
	)


def api_tokens(frappe, users: list[str]) -> dict[str, str]:
	from frappe.utils.password import set_encrypted_password

	tokens = {}
	for user in users:
		api_key = frappe.db.get_value("User", user, "api_key") or frappe.generate_hash(length=15)
		secret = frappe.generate_hash(length=15)
		frappe.db.set_value("User", user, "api_key", api_key)
		set_encrypted_password("User", user, secret, "api_secret")
		tokens[user] = f"token {api_key}:{secret}"
	frappe.db.commit()
	return tokens


# --------------------------------------------------------------------------------------------------
# Bare SQL of the reports
# --------------------------------------------------------------------------------------------------


def bare_statistics(frappe, draft: str, from_date: date, to_date: date):
	return frappe.db.sql(
		f"""select lead_agency as agency, {COUNTS}
		from `tabDirective Task` use index (assigned_on)
		where workflow_state != %(draft)s and assigned_on between %(from)s and %(to)s
		group by lead_agency""",
		{"draft": draft, "from": from_date, "to": to_date},
		as_dict=True,
	)


def bare_overdue(frappe, draft: str):
	"""The Overdue Tasks report by hand: the national counts per lead agency (the figures above the
	table), the 500 longest overdue tasks (those due by the 500th earliest deadline, then sorted) and their
	total."""
	counts = frappe.db.sql(
		f"""select lead_agency, {COUNTS} from `tabDirective Task`
		where workflow_state != %(draft)s group by lead_agency""",
		{"draft": draft},
	)
	cutoff = frappe.db.sql(
		f"""select deadline from `tabDirective Task` where deadline_status = 'Overdue'
		order by deadline limit 1 offset {OVERDUE_ROWS - 1}"""
	)
	rows = frappe.db.sql(
		f"""select t.name, t.content, t.directive, t.lead_agency, t.directing_leader, u.full_name, t.deadline,
			t.extension_count, t.reminder_count, t.last_reminder_date, t.last_report_date, t.progress,
			t.workflow_state
		from `tabDirective Task` t left join `tabUser` u on u.name = t.directing_leader
		where t.deadline_status = 'Overdue' and t.deadline <= %(cutoff)s
		order by t.deadline, t.reminder_count desc, t.name limit {OVERDUE_ROWS}""",
		{"cutoff": cutoff[0][0] if cutoff else "9999-12-31"},
	)
	total = frappe.db.sql("select count(*) from `tabDirective Task` where deadline_status = 'Overdue'")
	return counts, rows, total[0][0]


# --------------------------------------------------------------------------------------------------
# REST through gunicorn
# --------------------------------------------------------------------------------------------------


def free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


class Gunicorn:
	"""Frappe's WSGI application under gunicorn, workers sized to the cores as in production."""

	def __init__(self, site: str):
		self.site = site
		self.workers = 2 * (os.cpu_count() or 1) + 1
		self.port = free_port()
		self.base = f"http://127.0.0.1:{self.port}"
		self.process = None

	def __enter__(self):
		import requests

		gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
		self.process = subprocess.Popen(
			[
				gunicorn,
				"-b",
				f"127.0.0.1:{self.port}",
				"-w",
				str(self.workers),
				"-t",
				"300",
				"--preload",
				"frappe.app:application",
			],
			stdout=subprocess.DEVNULL,
			stderr=subprocess.DEVNULL,
		)
		for _ in range(120):
			try:
				if requests.get(f"{self.base}/api/method/ping", headers=self.headers(), timeout=5).ok:
					return self
			except requests.ConnectionError:
				pass
			time.sleep(0.5)
		raise RuntimeError("gunicorn did not answer")

	def headers(self, token: str | None = None) -> dict:
		headers = {"Host": self.site, "X-Frappe-Site-Name": self.site}
		if token:
			headers["Authorization"] = token
		return headers

	def __exit__(self, *args):
		self.process.terminate()
		self.process.wait(timeout=30)


def request_mix(today: date, office: bool, sample_task: str) -> list[tuple[str, str, dict]]:
	"""What a user of the office or of an agency asks for, in turn: lists and counts most, a task, and the
	reports."""
	fields = json.dumps(["name", "content", "lead_agency", "workflow_state", "deadline", "deadline_status"])
	year = {"from_date": str(date(today.year, 1, 1)), "to_date": str(today)}
	report = "/api/method/frappe.desk.query_report.run"
	overdue = json.dumps({"rows_shown": str(OVERDUE_ROWS)})
	mix = [
		("list", "/api/resource/Directive Task", {"fields": fields, "limit_page_length": 20}),
		("count", "/api/method/frappe.client.get_count", {"doctype": "Directive Task"}),
		(
			"list",
			"/api/resource/Directive Task",
			{"fields": fields, "limit_page_length": 20, "limit_start": 20},
		),
		(
			"count",
			"/api/method/frappe.client.get_count",
			{"doctype": "Directive Task", "filters": json.dumps({"deadline_status": "Overdue"})},
		),
		("overdue report", report, {"report_name": "Overdue Tasks", "filters": overdue}),
		(
			"statistics report",
			report,
			{"report_name": "Task Statistics by Agency", "filters": json.dumps(year)},
		),
	]
	if office:
		mix.append(("task", f"/api/resource/Directive Task/{sample_task}", {}))
		mix.append(
			(
				"ranking report",
				report,
				{
					"report_name": "Agency Ranking",
					"filters": json.dumps(
						{**year, "to_date": str(date(today.year, 12, 31)), "date_basis": "Deadline"}
					),
				},
			)
		)
	return mix


def load_test(
	server: Gunicorn, tokens: dict, office_users: set, concurrency: int, per_user: int, today, sample_task
):
	"""`concurrency` users at once, office and agency users alternating, each sending `per_user` requests
	of its mix one after the other; returns (requests/s, p50 ms, p95 ms, errors, requests)."""
	import requests

	users = list(tokens)
	latencies, errors, lock = [], [], threading.Lock()

	def user_loop(index: int):
		user = users[index % len(users)]
		mix = request_mix(today, user in office_users, sample_task)
		session = requests.Session()
		for n in range(per_user):
			_what, path, params = mix[(n + index) % len(mix)]
			start, response = time.perf_counter(), None
			try:
				response = session.get(
					server.base + path, params=params, headers=server.headers(tokens[user]), timeout=300
				)
				ok = response.status_code == 200
				if ok and path.endswith("query_report.run"):
					ok = "result" in response.json()["message"]  # not handed to a prepared report
			except requests.RequestException:
				ok = False
			elapsed = time.perf_counter() - start
			with lock:
				latencies.append(elapsed)
				if not ok:
					errors.append((user, path, getattr(response, "status_code", None)))

	threads = [threading.Thread(target=user_loop, args=(i,)) for i in range(concurrency)]
	start = time.perf_counter()
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join()
	wall = time.perf_counter() - start
	latencies.sort()
	p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))]
	return len(latencies) / wall, statistics.median(latencies) * 1000, p95 * 1000, errors, len(latencies)


# --------------------------------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------------------------------


def measure(frappe, args, size: int, today: date, tokens: dict) -> dict:
	"""Every figure at the current size: {name: (seconds, bare seconds or None, rows read)}."""
	from chidao_dieuhanh import reminders, task_states
	from chidao_dieuhanh.api.frappe_overrides import get_count
	from chidao_dieuhanh.chidao_dieuhanh.report.agency_ranking import agency_ranking
	from chidao_dieuhanh.chidao_dieuhanh.report.overdue_tasks import overdue_tasks
	from chidao_dieuhanh.chidao_dieuhanh.report.task_statistics_by_agency import task_statistics_by_agency
	from chidao_dieuhanh.deadline_refresh import refresh_deadline_statuses
	from chidao_dieuhanh.task_counts import previous_period

	draft = task_states.DRAFT
	runs = args.runs if size < 1_000_000 else max(2, args.runs - 1)
	figures = {}
	frappe.set_user("Administrator")

	# The daily jobs first: the refresh sets the statuses the reports count (the rows just built are stale).
	start = time.perf_counter()
	refresh_deadline_statuses(today)
	frappe.db.commit()
	figures["status refresh, after growth"] = (time.perf_counter() - start, None, size)
	job, _ = best_of(runs, lambda: refresh_deadline_statuses(today))
	figures["status refresh, nothing to change"] = (job, None, size)

	def reminder_job():
		frappe.db.sql("delete from `tabTask Reminder` where reminder_date = %s", today)
		frappe.db.commit()
		start = time.perf_counter()
		reminders.record_due_reminders(today)
		elapsed = time.perf_counter() - start
		frappe.db.commit()
		return elapsed

	job = min(reminder_job() for _ in range(max(1, runs - 1)))
	recorded = frappe.db.count("Task Reminder", {"reminder_date": today})
	figures["reminder job"] = (job, None, recorded)

	year_start, year_end = date(today.year, 1, 1), date(today.year, 12, 31)
	# Warm the caches and the buffer pool, as a desk in use has them.
	task_statistics_by_agency.execute({"from_date": year_start, "to_date": today})
	bare_statistics(frappe, draft, year_start, today)

	filters = {"from_date": year_start, "to_date": today, "date_basis": "Assignment Date"}
	report, result = best_of(runs, lambda: task_statistics_by_agency.execute(filters))
	bare, rows = best_of(runs, lambda: bare_statistics(frappe, draft, year_start, today))
	shown = {r["agency"]: r["total"] for r in result[1] if not r.get("is_total_row")}
	assert all(shown[r.agency] == r.total for r in rows), "statistics differ from bare SQL"
	figures["statistics by agency"] = (report, bare, sum(r.total for r in rows))

	filters = {"from_date": year_start, "to_date": year_end, "date_basis": "Deadline"}
	previous_from, _previous_to = previous_period(year_start, year_end)
	report, result = best_of(runs, lambda: agency_ranking.execute(filters))
	bare, rows = best_of(runs, lambda: bare_ranking(frappe, previous_from, year_start, year_end))
	judged = sum(
		int(r.completed_on_time) + int(r.completed_late) + int(r.open_overdue)
		for r in rows
		if int(r.is_current)
	)
	assert judged == sum(r["lead_tasks"] + r["coordinator_tasks"] for r in result[1]), "ranking differs"
	figures["agency ranking"] = (report, bare, sum(r.total for r in rows))

	filters = {"rows_shown": str(OVERDUE_ROWS)}
	report, result = best_of(runs, lambda: overdue_tasks.execute(filters))
	bare, (_counts, rows, total) = best_of(runs, lambda: bare_overdue(frappe, draft))
	assert [r["task"] for r in result[1]] == [r[0] for r in rows], "overdue rows differ from bare SQL"
	figures["overdue tasks (500 of all)"] = (report, bare, total)
	figures["_overdue_total"] = total

	fields = ["name", "content", "lead_agency", "workflow_state", "deadline", "deadline_status"]
	list_20 = lambda: frappe.get_list("Directive Task", fields=fields, limit_page_length=20)  # noqa: E731
	count = lambda: get_count("Directive Task")  # noqa: E731
	for label, user in (("agency user", focal(1, 7)), ("office user", OFFICE_USERS[0])):
		elapsed, _rows = best_of(runs * 4, as_user(user, list_20))
		figures[f"{label}: list of 20"] = (elapsed, None, 20)
		elapsed, seen = best_of(runs * 4, as_user(user, count))
		figures[f"{label}: count"] = (elapsed, None, seen)
	frappe.set_user("Administrator")

	if not args.no_rest:
		sample_task = f"NV-{PREFIX}-{size:07d}"
		office_users = set(OFFICE_USERS)
		with Gunicorn(args.site) as server:
			figures["_workers"] = server.workers
			load_test(server, tokens, office_users, 4, 4, today, sample_task)  # warm the workers
			for concurrency in (8, 32):
				synchronous_reports(frappe)
				per_user = max(4, args.rest_requests // concurrency)
				figures[f"_rest_{concurrency}"] = load_test(
					server, tokens, office_users, concurrency, per_user, today, sample_task
				)
				figures[f"_prepared_{concurrency}"] = synchronous_reports(frappe)
	return figures


def synchronous_reports(frappe) -> list[str]:
	"""Frappe makes a report a prepared (background) one when a run of it outlasts 15 s; under load that
	can happen here. Returns the reports it switched since the last call, and switches them back."""
	frappe.db.commit()  # a new snapshot
	switched = frappe.get_all("Report", {"name": ["in", REPORTS], "prepared_report": 1}, pluck="name")
	for report in switched:
		frappe.db.set_value("Report", report, "prepared_report", 0)
	frappe.db.commit()
	return switched


def print_size(size: int, figures: dict, build_seconds: float) -> None:
	print(f"\n{size:,} tasks (built in {build_seconds:.0f} s; overdue: {figures['_overdue_total']:,})")
	print(f"  {'':38} {'time':>9} {'bare SQL':>9} {'ratio':>6} {'rows read':>11}")
	for name, value in figures.items():
		if name.startswith("_"):
			continue
		elapsed, bare, rows = value
		bare_text = f"{bare * 1000:7.1f}ms" if bare else ""
		ratio = f"{elapsed / bare:6.2f}" if bare else ""
		print(f"  {name:38} {elapsed * 1000:7.1f}ms {bare_text:>9} {ratio:>6} {rows:>11,}")
	for concurrency in (8, 32):
		rest = figures.get(f"_rest_{concurrency}")
		if rest:
			rate, p50, p95, errors, requests = rest
			print(
				f"  REST mix, {concurrency:2} users ({figures['_workers']} gunicorn workers): {rate:6.1f} req/s,"
				f" p50 {p50:7.1f} ms, p95 {p95:7.1f} ms, {len(errors)} errors of {requests}"
				+ (f" {errors[:3]}" if errors else "")
			)
			if figures.get(f"_prepared_{concurrency}"):
				print(
					f"    (a run outlasted 15 s: Frappe made {figures[f'_prepared_{concurrency}']} prepared reports)"
				)


def print_growth(sizes: list[int], results: dict) -> None:
	"""Each figure at every size, and how its time grew against the rows it reads."""
	names = [n for n in results[sizes[-1]] if not n.startswith("_")]
	header = "".join(f"{s:>12,}" for s in sizes)
	print(
		"\nGrowth (time in ms at each size; last column: time growth / rows-read growth, first to last size)"
	)
	print(f"  {'':38}{header}   growth")
	for name in names:
		measured = [results[s][name] for s in sizes if name in results[s]]
		growth = ""
		if len(measured) > 1 and measured[0][2] and measured[-1][2]:
			growth = f"{(measured[-1][0] / measured[0][0]) / (measured[-1][2] / measured[0][2]):8.2f}"
		times = "".join(
			f"{results[s][name][0] * 1000:12.1f}" if name in results[s] else f"{'-':>12}" for s in sizes
		)
		print(f"  {name:38}{times} {growth}")
	for name in ("statistics by agency", "agency ranking", "overdue tasks (500 of all)"):
		worst = max(results[s][name][0] / results[s][name][1] for s in sizes)
		largest = results[sizes[-1]][name][0]
		print(
			f"  target {name}: worst ratio to bare SQL {worst:.2f} (<= 1.5: {'met' if worst <= 1.5 else 'NOT met'}),"
			f" {largest:.2f} s at {sizes[-1]:,} (< 2 s: {'met' if largest < 2 else 'NOT met'})"
		)
	for concurrency in (8, 32):
		line = []
		for s in sizes:
			rest = results[s].get(f"_rest_{concurrency}")
			if rest:
				line.append(
					f"{s:,}: {rest[0]:.1f} req/s p50 {rest[1]:.0f} ms p95 {rest[2]:.0f} ms {len(rest[3])} errors"
				)
		if line:
			print(f"  REST mix, {concurrency} users: " + "; ".join(line))


def main():
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--sizes", default="10000,100000,1000000", help="task counts, growing")
	parser.add_argument("--runs", type=int, default=3)
	parser.add_argument("--rest-requests", type=int, default=160, help="requests per concurrency level")
	parser.add_argument("--no-rest", action="store_true")
	parser.add_argument(
		"--results",
		help="JSON file of figures: those of smaller sizes measured by an earlier run are read from it (for"
		" the growth table) and this run's are added",
	)
	args = parser.parse_args()
	sizes = [int(s) for s in args.sizes.split(",")]
	results = {}
	if args.results and os.path.exists(args.results):
		with open(args.results) as f:
			results = {int(size): figures for size, figures in json.load(f).items() if int(size) not in sizes}

	import frappe

	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	from chidao_dieuhanh.chidao_dieuhanh.doctype.working_calendar.working_calendar import get_calendar

	calendar = get_calendar()
	today = frappe.utils.getdate()
	while not calendar.is_working_day(today):
		today -= timedelta(days=1)
	others = frappe.db.sql(
		"select count(*) from `tabDirective Task` where name not like %s", f"NV-{PREFIX}-%"
	)[0][0]
	print(f"Growth benchmark on {args.site}, today {today} (a working day), {os.cpu_count()} cores;")
	print(f"{others:,} other tasks on the site; runs: best of {args.runs}")
	build_masters(frappe)
	tokens = api_tokens(frappe, OFFICE_USERS + [focal(1, n) for n in (3, 7, 21, 42)])
	if results:
		print(
			"Figures of " + ", ".join(f"{s:,}" for s in sorted(results)) + f" tasks read from {args.results}"
		)
	for size in sizes:
		print(f"\nGrowing to {size:,} tasks", flush=True)
		built = grow(frappe, size, today)
		results[size] = measure(frappe, args, size, today, tokens)
		print_size(size, results[size], built)
		sys.stdout.flush()
		if args.results:
			with open(args.results, "w") as f:
				json.dump(results, f, indent=1)
	print_growth(sorted(results), results)
	frappe.destroy()


if __name__ == "__main__":
	main()
