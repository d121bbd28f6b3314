"""How well tasks are proposed from a directive's text: for each of the ten texts written for the tests
(chidao_dieuhanh/tests/task_proposal_texts/), the four written later (later/) and, apart, those not used to
change the rules (unseen/), how many of the expected tasks were proposed, and how many of them have the right
lead agency, coordinating agencies and deadline. No site needed:

    cd /work/main && ../env/bin/python benchmarks/task_proposal_accuracy.py [--detail]
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from chidao_dieuhanh.tests.task_proposal_texts import FIELDS, LATER, UNSEEN, cases, propose, province, score


def main() -> None:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--detail", action="store_true", help="print every task that is not right")
	args = parser.parse_args()
	matcher, calendar = province()
	groups = (
		("The ten texts written with the rules", cases()),
		("Four texts written later (first measured unseen, then used to improve the rules)", cases(LATER)),
		("Unseen texts (not used to change the rules)", cases(UNSEEN)),
	)
	for title, group in groups:
		print(title)
		measure(group, matcher, calendar, args.detail)
		print()


def measure(group, matcher, calendar, detail: bool) -> None:
	columns = ("expected", "proposed", *FIELDS)
	print(f"{'text':<28}" + "".join(f"{c:>14}" for c in columns))
	totals = dict.fromkeys(columns, 0)
	started = time.perf_counter()
	for case in group:
		proposed = propose(case, matcher, calendar)
		counts = score(proposed, case.expected)
		for column in columns:
			totals[column] += counts[column]
		print(f"{case.name:<28}" + "".join(f"{counts[c]:>14}" for c in columns))
		if detail:
			print_misses(proposed, case.expected)
	print(f"{'total':<28}" + "".join(f"{totals[c]:>14}" for c in columns))
	expected = totals["expected"] or 1
	print(
		"right, of the expected tasks: "
		+ ", ".join(
			f"{field} {totals[field]}/{expected} ({100 * totals[field] / expected:.0f}%)" for field in FIELDS
		)
		+ f"; proposed tasks that are not expected: {totals['proposed'] - totals['tasks']}"
	)
	print(f"{len(group)} texts read in {1000 * (time.perf_counter() - started):.0f} ms (printing included)")


def print_misses(proposed: list[dict], expected: list[dict]) -> None:
	by_content = {task["content"]: task for task in proposed}
	for task in expected:
		got = by_content.get(task["content"])
		if not got:
			print(f"    not proposed: {task['content'][:80]}")
			continue
		for key in ("lead_agency", "coordinating_agencies", "deadline", "working_days", "no_deadline"):
			if key == "coordinating_agencies":
				wrong = set(got[key]) != set(task[key])
			else:
				wrong = got[key] != task[key]
			if wrong:
				print(f"    {task['content'][:50]}...: {key} {got[key]!r}, expected {task[key]!r}")
	contents = {task["content"] for task in expected}
	for task in proposed:
		if task["content"] not in contents:
			print(f"    not expected: {task['content'][:80]}")


if __name__ == "__main__":
	main()
