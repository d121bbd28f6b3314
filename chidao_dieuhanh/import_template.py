"""The template a clerk fills to import directives and tasks (see data_import.py).

Built from `import_template.json` with the headers Frappe's own "Download Template" gives a Vietnamese
user, so that Data Import matches them; each header carries a note with what to write. Rebuild it after a
label or an option changes:

	bench --site <site> execute chidao_dieuhanh.import_template.build
"""

import json
import os

import frappe
from frappe import _
from frappe.model.workflow import get_workflow
from frappe.translate import print_language
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill

TEMPLATE_LANGUAGE = "vi"
SPEC_PATH = os.path.join(os.path.dirname(__file__), "import_template.json")
TEMPLATE_PATH = os.path.join(os.path.dirname(__file__), "public", "templates", "mau_nhap_nhiem_vu.xlsx")


def build(path: str = TEMPLATE_PATH) -> str:
	"""Write the blank template (headers with notes) and return its path."""
	spec = load_spec()
	with print_language(TEMPLATE_LANGUAGE):
		headers = header_row(spec)
		notes = [column_note(spec["doctype"], column) for column in spec["columns"]]
	write_workbook(path, headers, [], notes=notes, title=spec["sheet_title"])
	return path


def load_spec() -> dict:
	with open(SPEC_PATH, encoding="utf-8") as f:
		return json.load(f)


def header_row(spec: dict | None = None) -> list[str]:
	"""The headers in the current language, as Frappe's exporter writes them."""
	spec = spec or load_spec()
	meta = frappe.get_meta(spec["doctype"])
	headers = []
	for column in spec["columns"]:
		table_field, _sep, child_field = column["field"].rpartition(".")
		if table_field:
			table_df = meta.get_field(table_field)
			df = frappe.get_meta(table_df.options).get_field(child_field)
			headers.append(f"{_(df.label)} ({_(table_df.label)})")
		else:
			headers.append(_(meta.get_field(column["field"]).label))
	return headers


def column_note(doctype: str, column: dict) -> str:
	lines = [column["note"]] if column.get("note") else []
	if column.get("options_of"):
		source_doctype, fieldname = column["options_of"]
		options = frappe.get_meta(source_doctype).get_field(fieldname).options.split("\n")
		lines.append(
			_("Write one of:")
			+ " "
			+ "; ".join(f"{o} ({_(o, context=source_doctype)})" for o in options if o)
		)
	if column.get("states_of"):
		states = dict.fromkeys(row.state for row in get_workflow(column["states_of"]).states)
		lines.append(
			_("Write one of:") + " " + "; ".join(f"{s} ({_(s, context='Workflow State')})" for s in states)
		)
	return "\n".join(lines)


def task_rows(tasks) -> list[list]:
	"""Sheet rows in the template's column order from (values by field, coordinating agencies) pairs:
	the first coordinator on the task's row, the others on the rows just below it."""
	fields = [column["field"] for column in load_spec()["columns"]]
	coordinator_index = fields.index("coordinating_agencies.agency")
	rows = []
	for values, coordinators in tasks:
		row = [values.get(field) for field in fields]
		if coordinators:
			row[coordinator_index] = coordinators[0]
		rows.append(row)
		for agency in coordinators[1:]:
			child = [None] * len(fields)
			child[coordinator_index] = agency
			rows.append(child)
	return rows


def write_workbook(path: str, headers: list[str], rows: list[list], notes=None, title: str = "Sheet") -> None:
	workbook = Workbook()
	sheet = workbook.active
	sheet.title = title
	sheet.append(headers)
	for row in rows:
		sheet.append(row)
	for index, cell in enumerate(sheet[1]):
		cell.font = Font(bold=True)
		cell.fill = PatternFill("solid", fgColor="DDEBF7")
		cell.alignment = Alignment(wrap_text=True, vertical="top")
		sheet.column_dimensions[cell.column_letter].width = 24
		if notes and notes[index]:
			cell.comment = Comment(notes[index], "chidao_dieuhanh", width=320, height=160)
	sheet.freeze_panes = "A2"
	os.makedirs(os.path.dirname(path), exist_ok=True)
	workbook.save(path)
