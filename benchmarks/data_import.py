"""Benchmark of a migration file: 10,000 tasks of 1,000 directives imported with Frappe's Data Import.

Builds an .xlsx in the template's format (chidao_dieuhanh/import_template.py): each directive's fields
repeated on its rows, some tasks with coordinators (one per row under the task), some with working-day
deadlines, many completed in past years with their dates. Runs the Data Import as a Tracking Officer, the
way the desk's Start Import does (in the same process), and prints the time and the rows per second.

Run it from the bench's sites folder, on a site of its own (it adds 10,000 tasks and 1,000 directives):

    cd ~/chidao-bench/sites
    ../env/bin/python ../apps/chidao_dieuhanh/benchmarks/data_import.py --site import.chidao.localhost

`--tasks 1000` imports a smaller file of the same kind (to profile it, for instance).
"""

import argparse
import os
import random
import tempfile
import time
from datetime import date, timedelta

from chidao_dieuhanh.task_states import ASSIGNED, COMPLETED, IN_PROGRESS

TASKS = 10_000
TASKS_PER_DIRECTIVE = 10
AGENCIES = 30
OFFICER = "bench.import.officer@example.org"
PREFIX = "BMNHAP"


def setup(frappe) -> list[str]:
	from chidao_dieuhanh.tests.factories import make_agency, make_user

	make_user(OFFICER, "Tracking Officer")
	frappe.db.set_value("User", OFFICER, "language", "vi")
	group = make_agency(f"{PREFIX} Khối sở, ngành", is_group=1)
	agencies = [make_agency(f"{PREFIX} Sở số {i:02d}", parent=group) for i in range(AGENCIES)]
	frappe.db.commit()
	return agencies


def migration_tasks(agencies: list[str], count: int = TASKS) -> list[tuple[dict, list[str]]]:
	rng = random.Random(10_000)
	tasks = []
	for number in range(count // TASKS_PER_DIRECTIVE):
		issue_date = date(2019, 1, 2) + timedelta(days=rng.randrange(0, 5 * 365))
		directive = {
			"directive_number": f"{number + 1}/{PREFIX}-{issue_date.year}",
			"directive_issue_date": issue_date,
			"directive_document_type": "Conclusion Notice",
			"directive_summary": f"Thông báo kết luận số {number + 1} của UBND tỉnh",
			"source_type": "Meeting Conclusion",
		}
		for index in range(TASKS_PER_DIRECTIVE):
			lead, *coordinators = rng.sample(agencies, 1 + rng.choice((0, 0, 1, 2)))
			values = {
				**directive,
				"content": f"Nhiệm vụ {index + 1} của kết luận {number + 1}",
				"lead_agency": lead,
				"assigned_on": issue_date,
			}
			if rng.random() < 0.3:
				values["working_days"] = rng.choice((5, 10, 15, 30))
			else:
				values["deadline"] = issue_date + timedelta(days=rng.randrange(10, 120))
			if rng.random() < 0.7:
				values["workflow_state"] = COMPLETED
				values["completion_date"] = issue_date + timedelta(days=rng.randrange(5, 150))
			else:
				values["workflow_state"] = rng.choice((ASSIGNED, IN_PROGRESS))
			tasks.append((values, coordinators))
	return tasks


def main():
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--tasks", type=int, default=TASKS, help=f"tasks in the file (default {TASKS:,})")
	args = parser.parse_args()

	import frappe

	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.flags.in_test = True  # Data Import runs the import in this process, as in developer mode
	from frappe.translate import print_language

	from chidao_dieuhanh import import_template
	from chidao_dieuhanh.tests.test_data_import import run_data_import

	agencies = setup(frappe)
	rows = import_template.task_rows(migration_tasks(agencies, args.tasks))
	path = os.path.join(tempfile.mkdtemp(), "chuyen_doi_du_lieu.xlsx")
	with print_language("vi"):
		headers = import_template.header_row()
	import_template.write_workbook(path, headers, rows)
	print(
		f"{len(rows):,} sheet rows, {args.tasks:,} tasks of {args.tasks // TASKS_PER_DIRECTIVE:,} directives"
	)

	frappe.set_user(OFFICER)
	start = time.perf_counter()
	name = run_data_import(path)
	elapsed = time.perf_counter() - start
	frappe.set_user("Administrator")

	status = frappe.db.get_value("Data Import", name, "status")
	imported = frappe.db.count("Data Import Log", {"data_import": name, "success": 1})
	failed = frappe.db.count("Data Import Log", {"data_import": name, "success": 0})
	print(f"Data Import {name}: {status}, {imported:,} tasks imported, {failed:,} failed")
	print(f"import time: {elapsed:.1f} s ({imported / elapsed:.0f} tasks/s)")
	frappe.destroy()


if __name__ == "__main__":
	main()
