"""Ten directive texts written for the tests (conclusion notices, official letters, a plan), each NN_name.txt
with NN_name.json: the directive's issue date, the day its tasks are assigned and the tasks a tracking
officer would make from it. province.json holds the agencies of the texts' province and its holidays.

later/ holds four texts written once the rules were done; measured first as unseen (20 of their 21 tasks,
leads and coordinators right, 17 deadlines), their misses then led to four rules (paragraphs that assign
a task, days counted from the signing date, "Thời gian: 2027 - 2030", recurring dates), so they are now
tested like the ten. unseen/ holds three texts written after those rules and not used to change them: the
benchmark measures them apart, as the fair figure of what the proposal gets right on a text it has not
seen.

Read by tests/test_task_proposal.py (pure) and benchmarks/task_proposal_accuracy.py.
"""

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from chidao_dieuhanh.task_proposal import AgencyMatcher, propose_tasks
from chidao_dieuhanh.working_days import WorkCalendar

FOLDER = Path(__file__).parent
LATER = FOLDER / "later"
UNSEEN = FOLDER / "unseen"
FIELDS = ("tasks", "leads", "coordinators", "deadlines")


@dataclass
class Case:
	code: str
	name: str
	text: str
	issue_date: date
	assigned_on: date
	expected: list[dict]


def read_json(path: Path):
	with open(path, encoding="utf-8") as file:
		return json.load(file)


def province() -> tuple[AgencyMatcher, WorkCalendar]:
	data = read_json(FOLDER / "province.json")
	matcher = AgencyMatcher((agency["name"], agency["short_names"]) for agency in data["agencies"])
	return matcher, WorkCalendar.of(date.fromisoformat(day) for day in data["holidays"])


def cases(folder: Path = FOLDER) -> list[Case]:
	found = []
	for text_path in sorted(folder.glob("*.txt")):
		expected = read_json(text_path.with_suffix(".json"))
		found.append(
			Case(
				code=text_path.stem[:2],
				name=text_path.stem,
				text=text_path.read_text(encoding="utf-8"),
				issue_date=date.fromisoformat(expected["issue_date"]),
				assigned_on=date.fromisoformat(expected["assigned_on"]),
				expected=expected["tasks"],
			)
		)
	return found


def propose(case: Case, matcher: AgencyMatcher, calendar: WorkCalendar) -> list[dict]:
	return [
		task.as_dict()
		for task in propose_tasks(case.text, matcher, calendar, case.assigned_on, case.issue_date)
	]


def same_deadline(proposed: dict, expected: dict) -> bool:
	return all(proposed[key] == expected[key] for key in ("deadline", "working_days", "no_deadline"))


def score(proposed: list[dict], expected: list[dict]) -> dict[str, int]:
	"""How many expected tasks were proposed (same content), and of those how many have the right lead, the
	right coordinators (in any order) and the right deadline; `proposed` and `expected` counts besides."""
	by_content: dict[str, list[dict]] = {}
	for task in proposed:
		by_content.setdefault(task["content"], []).append(task)
	counts = dict.fromkeys(FIELDS, 0)
	for task in expected:
		found = by_content.get(task["content"])
		if not found:
			continue
		match = found.pop(0)
		counts["tasks"] += 1
		counts["leads"] += match["lead_agency"] == task["lead_agency"]
		counts["coordinators"] += set(match["coordinating_agencies"]) == set(task["coordinating_agencies"])
		counts["deadlines"] += same_deadline(match, task)
	return {"expected": len(expected), "proposed": len(proposed), **counts}
