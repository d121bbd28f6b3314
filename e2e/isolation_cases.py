"""What the isolation suite expects: who may read and write what, and the tables its tests walk.

The rules (issue 9): an agency user's agencies are the agencies listing it as user or head, with all their
sub-units. It reads a task iff one of its agencies leads or coordinates it; a directive iff it reads one of
its tasks; reports, extension requests, reminders and child rows iff it reads their task. It writes only
the tasks its agencies lead, and on them only the agency's own fields. The office reads and writes
everything; a guest nothing.
"""

import json
import os
import uuid

import requests
from isolation_data import PASSWORD, build, site_code

USERS = ("a", "ha", "a1", "b", "c", "office", "guest")
AGENCY_USERS = ("a", "ha", "a1", "b", "c")
USER_AGENCIES = {"a": {"A", "A1"}, "ha": {"A", "A1"}, "a1": {"A1"}, "b": {"B"}, "c": {"C"}}
USER_DIRECT_AGENCY = {"a": "A", "ha": "A", "a1": "A1", "b": "B", "c": "C"}
PARENT = {"A1": "A"}

# Fields of a task that only the office sets, and those the system computes; an agency user sending them
# gets a refusal (403) or an unchanged value. The values are what an attacker would send.
OFFICE_FIELDS = (
	"content",
	"priority",
	"deadline",
	"working_days",
	"no_deadline",
	"directing_leader",
	"tracking_officer",
	"sector",
	"directive",
	"lead_agency",
	"coordinating_agencies",
)
SYSTEM_FIELDS = (
	"deadline_status",
	"extension_count",
	"reminder_count",
	"progress",
	"completion_date",
	"assigned_on",
	"agency_recipients",
	"coordinator_recipients",
	"progress_history",
	"deadline_history",
)
AGENCY_FIELDS = ("state_reason", "result_summary")
TABLE_FIELDS = {
	"coordinating_agencies": "Task Coordinating Agency",
	"progress_history": "Task Progress Entry",
	"deadline_history": "Task Deadline Change",
}
CHILD_DOCTYPES = ("Task Coordinating Agency", "Task Progress Entry", "Task Deadline Change")
# Read by the office roles only (the isolation suite's office user is a Tracking Officer).
OFFICE_ONLY_DOCTYPES = ("Directive Digest", "Directive Settings", "edXML Status Message", "Signed Report")
TASK_RECORD_DOCTYPES = ("Comment", "Communication", "Version", "ToDo", "Notification Log", "File")


def forged_value(world, user: str, field: str, task_key: str):
	"""What a user sends to take over a field of a task."""
	w = world
	me = w["users"].get(user) or "Administrator"
	own = w["agencies"][USER_DIRECT_AGENCY.get(user, "D")]
	other_directive = w["directives"]["DB" if w["tasks"][task_key]["directive"] != "DB" else "DA"]
	return {
		"content": f"{w['marker']}-{task_key} nội dung nhiệm vụ (sửa trái phép)",
		"priority": "Urgent",
		"deadline": "2099-12-31",
		"working_days": 7,
		"no_deadline": 1,
		"directing_leader": me,
		"tracking_officer": me,
		"sector": w["sectors"]["S2"],
		"directive": other_directive,
		"lead_agency": own
		if w["tasks"][task_key]["lead"] != USER_DIRECT_AGENCY.get(user)
		else w["agencies"]["D"],
		"coordinating_agencies": [{"agency": w["agencies"]["D"]}],
		"deadline_status": "Completed On Time",
		"extension_count": 9,
		"reminder_count": 9,
		"progress": 99,
		"completion_date": "2026-01-02",
		"assigned_on": "2020-01-01",
		"agency_recipients": "attacker@evil.test",
		"coordinator_recipients": "attacker@evil.test",
		"progress_history": [{"report_date": "2026-01-01", "progress": 100, "note": "giả mạo"}],
		"deadline_history": [
			{"old_deadline": "2026-01-01", "new_deadline": "2099-01-01", "reason": "giả mạo"}
		],
		"state_reason": f"{w['marker']} lý do của đơn vị {user}",
		"result_summary": f"{w['marker']} kết quả của đơn vị {user}",
	}[field]


class World:
	"""The data set with the expected answers: who may read and write each of its documents."""

	def __init__(self, data: dict):
		self.data = data
		self.marker = data["marker"]
		self.users = data["users"]
		self.tasks = data["tasks"]
		self.docs = data["docs"]

	def __getitem__(self, key):
		return self.data[key]

	def task_name(self, key: str) -> str:
		return self.tasks[key]["name"]

	def task_key(self, name: str) -> str:
		return next(k for k, t in self.tasks.items() if t["name"] == name)

	def parties(self, task_key: str) -> set[str]:
		task = self.tasks[task_key]
		return {task["lead"], *task["coordinators"]}

	def can_read_task(self, user: str, task_key: str) -> bool:
		if user == "office":
			return True
		return bool(USER_AGENCIES.get(user, set()) & self.parties(task_key))

	def can_write_task(self, user: str, task_key: str) -> bool:
		if user == "office":
			return True
		return self.tasks[task_key]["lead"] in USER_AGENCIES.get(user, set())

	def relation(self, user: str, task_key: str) -> str:
		if user in ("office", "guest"):
			return user
		lead, mine = self.tasks[task_key]["lead"], USER_DIRECT_AGENCY[user]
		if lead == mine:
			return "own lead"
		if lead in USER_AGENCIES[user]:
			return "sub-unit's task"
		if set(self.tasks[task_key]["coordinators"]) & USER_AGENCIES[user]:
			return "own coordinator"
		if PARENT.get(mine) == lead:
			return "parent agency's task"
		return "other agency"

	def doc_task(self, key: str) -> str:
		"""The task key of a report, request or reminder key (PR_TA_draft -> TA)."""
		return key.split("_")[1]

	def documents(self) -> list[tuple[str, str, str | None]]:
		"""(doctype, name, task key) of every document of the data set; task key None for a directive."""
		out = [("Directive", self["directives"][k], None) for k in ("DA", "DB", "DZ")]
		out += [("Directive Task", t["name"], k) for k, t in self.tasks.items()]
		for key, name in self.docs.items():
			doctype = {"PR": "Progress Report", "ER": "Extension Request", "REM": "Task Reminder"}[
				key.split("_")[0]
			]
			out.append((doctype, name, self.doc_task(key)))
		return out

	def directive_tasks(self, directive_name: str) -> list[str]:
		key = next(k for k, v in self["directives"].items() if v == directive_name)
		return [k for k, t in self.tasks.items() if t["directive"] == key]

	def can_read(self, user: str, doctype: str, name: str, task_key: str | None) -> bool:
		if user == "guest":
			return False
		if doctype in ("Agency", "Sector"):
			return True
		if doctype in OFFICE_ONLY_DOCTYPES:
			return user == "office"
		if doctype == "Directive":
			return any(self.can_read_task(user, k) for k in self.directive_tasks(name))
		if doctype == "Progress Report" and name in self.draft_reports():
			return self.can_write_task(user, task_key)  # a draft is the lead agency's own
		return self.can_read_task(user, task_key)

	def draft_reports(self) -> set[str]:
		return {name for key, name in self.docs.items() if key.startswith("PR_") and key.endswith("_draft")}

	def label(self, user: str, doctype: str, name: str, task_key: str | None) -> str:
		rel = (
			self.relation(user, task_key)
			if task_key
			else ("readable" if self.can_read(user, doctype, name, None) else "hidden")
		)
		return f"{user} ({rel}) {doctype} {name}"


class Response:
	def __init__(self, raw: requests.Response | None, error: str | None = None):
		self.raw, self.error = raw, error
		self.status = raw.status_code if raw is not None else 0
		try:
			self.json = raw.json() if raw is not None else None
		except ValueError:
			self.json = None

	@property
	def message(self):
		return (self.json or {}).get("message") if isinstance(self.json, dict) else None

	@property
	def data(self):
		return (self.json or {}).get("data") if isinstance(self.json, dict) else None

	@property
	def text(self) -> str:
		return self.raw.text if self.raw is not None else (self.error or "")

	def error_text(self) -> str:
		"""What the server told the user: its messages, exception or message, decoded."""
		if not isinstance(self.json, dict):
			return ""
		parts = []
		for item in json.loads(self.json.get("_server_messages") or "[]"):
			try:
				parts.append(str(json.loads(item).get("message", item)))
			except (ValueError, AttributeError):
				parts.append(str(item))
		for key in ("exception", "message", "exc_type"):
			if self.json.get(key) and not isinstance(self.json.get(key), (dict, list)):
				parts.append(str(self.json[key]))
		return " | ".join(parts)

	def short(self) -> str:
		text = self.error_text() or self.text
		return f"HTTP {self.status} {' '.join(text.split())[:160]}"


SERVER_ERRORS: list[str] = []


class Client:
	"""One user's HTTP session (a guest when user is None)."""

	def __init__(self, base_url: str, key: str, email: str | None, password: str = PASSWORD):
		self.base_url, self.key, self.email = base_url, key, email
		self.session = requests.Session()
		if email:
			r = self.session.post(
				f"{base_url}/api/method/login", data={"usr": email, "pwd": password}, timeout=60
			)
			assert r.status_code == 200, f"login of {email}: HTTP {r.status_code} {r.text[:300]}"

	def request(self, method: str, path: str, **kwargs) -> Response:
		kwargs.setdefault("timeout", 120)
		kwargs.setdefault("allow_redirects", False)
		try:
			r = Response(self.session.request(method, f"{self.base_url}{path}", **kwargs))
		except requests.RequestException as e:
			r = Response(None, f"no answer: {e}")
		if r.status >= 500 or r.status == 0:
			SERVER_ERRORS.append(
				f"{self.key}: {method} {path} {json.dumps(kwargs.get('data') or kwargs.get('params') or kwargs.get('json'), default=str)[:200]} -> {r.short()}"
			)
		return r

	def call(self, method: str, http: str = "POST", **params) -> Response:
		encoded = {
			k: json.dumps(v) if isinstance(v, (dict, list, tuple)) else v
			for k, v in params.items()
			if v is not None
		}
		if http == "GET":
			return self.request("GET", f"/api/method/{method}", params=encoded)
		return self.request("POST", f"/api/method/{method}", data=encoded)

	def get(self, path: str, **params) -> Response:
		encoded = {k: json.dumps(v) if isinstance(v, (dict, list, tuple)) else v for k, v in params.items()}
		return self.request("GET", path, params=encoded)

	def resource(self, doctype: str, name: str | None = None) -> str:
		path = f"/api/resource/{requests.utils.quote(doctype)}"
		return f"{path}/{requests.utils.quote(name, safe='')}" if name else path


class Matrix:
	"""Counts the cells of one part and keeps the failed ones, per verb family."""

	def __init__(self, title: str):
		self.title, self.checked, self.failures = title, 0, {}

	def check(self, family: str, label: str, ok: bool, seen: str = "") -> bool:
		self.checked += 1
		if not ok:
			self.failures.setdefault(family, []).append(f"{label}: {seen}")
		return ok

	def failed(self) -> int:
		return sum(len(v) for v in self.failures.values())

	def assert_family(self, family: str) -> None:
		failures = self.failures.get(family, [])
		assert not failures, f"{len(failures)} failed cells in {family}:\n" + "\n".join(failures)

	def summary(self) -> str:
		return f"{self.title}: {self.checked} cells checked, {self.failed()} failed"


_STATE: dict = {}
# The closing lines of each part ("isolation matrix: N cells checked, M failed"), printed at the end of
# the run by conftest.pytest_terminal_summary.
SUMMARIES: list[str] = []


def world_and_clients(on_site, server):
	"""The data set and one logged-in client per user, made once per test session."""
	if "world" not in _STATE:
		marker = "ISO" + uuid.uuid4().hex[:8].upper()
		_STATE["world"] = World(json.loads(on_site(site_code(f"build({marker!r})")).splitlines()[-1]))
		_STATE["build"] = build
	world = _STATE["world"]
	if _STATE.get("server") != server:
		_STATE["server"] = server
		_STATE["clients"] = {
			key: Client(server, key, world.users.get(key) if key != "guest" else None) for key in USERS
		}
		# Counts the tests compare before and after are read as Administrator, who sees every row.
		_STATE["clients"]["root"] = Client(
			server, "root", "Administrator", os.environ.get("E2E_ADMIN_PASSWORD", "admin")
		)
	return world, _STATE["clients"]


def snapshot(on_site, docs=(), counts=()) -> dict:
	spec = {"docs": [list(d) for d in docs], "counts": [list(c) for c in counts]}
	return json.loads(on_site(site_code(f"snapshot({spec!r})")).splitlines()[-1])


def restore(on_site, values) -> None:
	on_site(site_code(f"restore({list(values)!r})"))
