"""Bulk import of directives and tasks with Frappe's Data Import.

A clerk fills the template (`public/templates/mau_nhap_nhiem_vu.xlsx`, built by `import_template.py`): one
row per task, the directive's identifying fields repeated on every row, coordinating agencies one per line
under their task (Frappe's format for child rows). Imported tasks keep the state and the dates they had in
the old system, so that the statistics of past years are right from the first day; their deadline status
is computed by the app, as for any other task.

Three things Frappe v15 does not do for such a file, and how they are done here:

- A new document whose workflow state is not the first one is refused ("transition not allowed from
  Drafting to Completed"). An importing user's new task may start in any state of its workflow
  (`DirectiveTask.validate_workflow`).
- Fields at permlevel 2 (assigned on, completion date, progress) are reset to their defaults on insert. An
  importing user's new task keeps exactly these, through Frappe's `ignore_permlevel_for_fields` flag, and
  `permissions.refuse_forged_fields` accepts them (`kept_history_fields`).
- One row with a value the importer cannot read (an unknown agency, a bad date, a value outside a list)
  stops the whole file. For the app's doctypes such a row fails alone, with Frappe's own message, in the
  import log, and the other rows are imported (`DataImport`, set in hooks' `override_doctype_class`).
"""

import frappe
from frappe import _
from frappe.core.doctype.data_import.data_import import DataImport as FrappeDataImport
from frappe.core.doctype.data_import.importer import Importer, ImportFile
from frappe.model.workflow import get_workflow
from frappe.permissions import can_import
from frappe.utils import flt, getdate, today

from chidao_dieuhanh.task_states import COMPLETED, DRAFT

# The task's history the old system knew, kept as imported (the deadline status is always computed).
KEPT_HISTORY_FIELDS = ("assigned_on", "completion_date", "progress")
# Fields of the task that name its directive, repeated on every row of the template; with no directive
# given, the directive is found by them (document number and issue date, or summary, issue date and
# source type) or created from them.
DIRECTIVE_FIELDS = {
	"directive_summary": "summary",
	"directive_number": "document_number",
	"directive_document_type": "document_type",
	"directive_issue_date": "issue_date",
	"source_type": "source_type",
	"directing_leader": "directing_leader",
	"sector": "sector",
	"tracking_officer": "tracking_officer",
}
# Roles that import directives, tasks and progress reports (their doctypes give them the import right).
IMPORTING_ROLES = ("Directive Manager", "Tracking Officer")


class UnknownWorkflowState(frappe.ValidationError):
	pass


class DirectiveMissing(frappe.ValidationError):
	pass


class ImportedHistoryIncomplete(frappe.ValidationError):
	pass


class RowNotReadable(frappe.ValidationError):
	pass


def is_imported(doc) -> bool:
	"""A new document inserted by Data Import for an office user who may import its doctype (an agency
	given the import right in the desk still may not bring tasks in already completed)."""
	from chidao_dieuhanh.permissions import is_office_user

	return bool(frappe.flags.in_import and doc.is_new() and can_import(doc.doctype) and is_office_user())


def kept_history_fields(doc) -> tuple[str, ...]:
	"""The higher-permlevel fields an imported task brings from the old system."""
	if doc.doctype == "Directive Task" and is_imported(doc):
		return KEPT_HISTORY_FIELDS
	return ()


# The task's side (called from DirectiveTask)


def prepare_imported_task(task) -> None:
	"""before_insert: runs before Frappe resets the fields the user may not write."""
	if not is_imported(task):
		return
	task.flags.ignore_permlevel_for_fields = [*KEPT_HISTORY_FIELDS, *fetched_directive_fields(task)]
	if not task.directive:
		task.directive = find_or_create_directive(task)
		set_fetched_directive_fields(task)


def complete_imported_history(task) -> None:
	"""before_validate: what an old system often left out, from what it had."""
	if not is_imported(task):
		return
	if task.workflow_state and task.workflow_state != DRAFT and not task.assigned_on:
		task.assigned_on = frappe.db.get_value("Directive", task.directive, "issue_date")
	if task.workflow_state == COMPLETED:
		if not task.completion_date:
			frappe.throw(
				_("An imported completed task needs its completion date."),
				ImportedHistoryIncomplete,
				title=_("Completion Date Missing"),
			)
		if getdate(task.completion_date) > getdate(today()):
			frappe.throw(_("The completion date cannot be in the future."), ImportedHistoryIncomplete)
		if not flt(task.progress):
			task.progress = 100


def validate_imported_state(task) -> None:
	"""An imported task may start in any state of its workflow, not only the first."""
	workflow = get_workflow(task.doctype)
	states = list(dict.fromkeys(row.state for row in workflow.states))
	if not task.get(workflow.workflow_state_field):
		task.set(workflow.workflow_state_field, states[0])
	state = task.get(workflow.workflow_state_field)
	if state not in states:
		frappe.throw(
			_("{0} is not a state of the workflow {1}. Use one of: {2}.").format(
				frappe.bold(state), _(workflow.name), ", ".join(states)
			),
			UnknownWorkflowState,
			title=_("Unknown State"),
		)


def read_once_per_import(key: tuple, read):
	"""While a file of tasks is imported, what none of its rows changes (the settings, the working calendar,
	the agencies' users) is read for the first row that needs it only."""
	memo = frappe.flags.task_import_memo
	if memo is None:
		return read()
	if key not in memo:
		memo[key] = read()
	return memo[key]


def fetched_directive_fields(task) -> list[str]:
	return [df.fieldname for df in task.meta.get_fields_to_fetch("directive")]


def find_or_create_directive(task) -> str:
	values = {field: task.get(task_field) for task_field, field in DIRECTIVE_FIELDS.items()}
	if not (values["summary"] or values["document_number"]) or not values["issue_date"]:
		frappe.throw(
			_(
				"The row names no directive: give the directive's ID, or its document number and issue date,"
				" or its summary, issue date and source type."
			),
			DirectiveMissing,
			title=_("Directive Missing"),
		)
	if values["document_number"]:
		key = {"document_number": values["document_number"].strip(), "issue_date": values["issue_date"]}
	else:
		key = {
			"summary": values["summary"],
			"issue_date": values["issue_date"],
			"source_type": values["source_type"],
		}
	existing = frappe.db.get_value("Directive", key)
	if existing:
		return existing
	validate_directive_selects(values)
	directive = frappe.new_doc("Directive")
	directive.update({field: value for field, value in values.items() if value})
	directive.insert()
	return directive.name


def validate_directive_selects(values: dict) -> None:
	"""Frappe does not check select values during an import; a new directive's are checked here."""
	meta = frappe.get_meta("Directive")
	for fieldname, value in values.items():
		df = meta.get_field(fieldname)
		if not value or df.fieldtype != "Select":
			continue
		options = [option for option in (df.options or "").split("\n") if option]
		if value not in options:
			frappe.throw(
				_("{0}: {1} is not one of {2}.").format(
					_(df.label, context="Directive"), frappe.bold(value), ", ".join(options)
				),
				frappe.ValidationError,
			)


def set_fetched_directive_fields(task) -> None:
	"""The directive was found after Frappe fetched the values of the task's links: fetch them now."""
	fields = task.meta.get_fields_to_fetch("directive")
	# Read with the query builder: frappe.db.get_value parses every field name again, for each row.
	directive = frappe.qb.DocType("Directive")
	values = (
		frappe.qb.from_(directive)
		.select(*(directive[df.fetch_from.split(".", 1)[1]] for df in fields))
		.where(directive.name == task.directive)
	).run(as_dict=True)[0]
	for df in fields:
		if df.fetch_if_empty and task.get(df.fieldname):
			continue
		task.set(df.fieldname, values[df.fetch_from.split(".", 1)[1]])


# Data Import: a row the importer cannot read fails alone


class DataImport(FrappeDataImport):
	"""Frappe's Data Import, where only a user with the import right on a doctype may import it, and where
	for the app's doctypes a row with a value the importer cannot read fails alone."""

	def validate(self):
		self.validate_import_right()
		super().validate()

	def validate_import_right(self):
		if self.reference_doctype and not can_import(self.reference_doctype):
			frappe.throw(
				_("You may not import {0}.").format(_(self.reference_doctype)),
				frappe.PermissionError,
				title=_("Not Permitted"),
			)

	def get_importer(self):
		# Frappe's whitelisted preview, start, errored-rows and log downloads take any import by its name
		# and check nothing; every one of them goes through the importer.
		self.check_permission("read")
		if is_app_doctype(self.reference_doctype):
			return RowByRowImporter(self.reference_doctype, data_import=self)
		return super().get_importer()

	def start_import(self):
		if not is_app_doctype(self.reference_doctype):
			return super().start_import()
		self.validate_import_right()
		from frappe.utils.background_jobs import enqueue, is_job_enqueued
		from frappe.utils.scheduler import is_scheduler_inactive

		run_now = frappe.flags.in_test or frappe.conf.developer_mode
		if is_scheduler_inactive() and not run_now:
			frappe.throw(_("Scheduler is inactive. Cannot import data."), title=_("Scheduler Inactive"))
		job_id = f"data_import::{self.name}"
		if is_job_enqueued(job_id):
			return False
		enqueue(
			run_import,
			queue="default",
			timeout=10000,
			event="data_import",
			job_id=job_id,
			data_import=self.name,
			now=run_now,
		)
		return True


def run_import(data_import: str) -> None:
	"""Frappe's `start_import` job, with the Data Import's own importer."""
	from rq.timeouts import JobTimeoutException

	data_import = frappe.get_doc("Data Import", data_import)
	try:
		data_import.get_importer().import_data()
	except JobTimeoutException:
		frappe.db.rollback()
		data_import.db_set("status", "Timed Out")
	except Exception:
		frappe.db.rollback()
		data_import.db_set("status", "Error")
		data_import.log_error("Data import failed")
	finally:
		frappe.flags.in_import = False
	frappe.publish_realtime("data_import_refresh", {"data_import": data_import.name})


def is_app_doctype(doctype: str | None) -> bool:
	from chidao_dieuhanh.permissions import is_app_doctype as app_doctype

	return app_doctype(doctype)


class RowByRowImporter(Importer):
	def __init__(self, doctype, data_import=None, file_path=None, import_type=None, console=False):
		# The importer matches column headers with labels translated once per doctype, in whatever
		# language came first; the template's headers are in the importing user's language.
		frappe.set_user_lang(frappe.session.user)
		frappe.cache.hdel("data_import_column_header_map", doctype)
		self.doctype = doctype
		self.console = console
		self.data_import = data_import or frappe.get_doc(doctype="Data Import")
		if import_type:
			self.data_import.import_type = import_type
		self.template_options = frappe.parse_json(self.data_import.template_options or "{}")
		self.import_type = self.data_import.import_type
		self.import_file = RowByRowImportFile(
			doctype,
			file_path or self.data_import.google_sheets_url or self.data_import.import_file,
			self.template_options,
			self.import_type,
			console=self.console,
		)

	def import_data(self):
		self.import_file.rows_fail_alone = True
		if self.doctype == "Directive Task":
			frappe.flags.task_import_memo = {}
		try:
			return super().import_data()
		finally:
			self.import_file.rows_fail_alone = False
			frappe.flags.task_import_memo = None

	def process_doc(self, doc):
		problems = self.import_file.row_problems.get(id(doc))
		if problems:
			frappe.throw("<br>".join(problems), RowNotReadable, title=_("Row Not Imported"))
		return super().process_doc(doc)


class RowByRowImportFile(ImportFile):
	rows_fail_alone = False

	def get_payloads_for_import(self):
		payloads = super().get_payloads_for_import()
		self.row_problems = {}
		for payload in payloads:
			messages = [w["message"] for row in payload.rows for w in row.warnings]
			if messages:
				self.row_problems[id(payload.doc)] = list(dict.fromkeys(messages))
		return payloads

	def get_warnings(self):
		"""While importing, the problems of a row are that row's (see `process_doc`); so are the column
		warnings of link and select columns, which list the same values."""
		warnings = super().get_warnings()
		if not self.rows_fail_alone:
			return warnings
		per_row_columns = {
			col.column_number for col in self.columns if col.df and col.df.fieldtype in ("Link", "Select")
		}
		return [
			w
			for w in warnings
			if not w.get("row") and not (w.get("col") in per_row_columns and w.get("type") != "info")
		]


def allow_office_imports() -> None:
	"""Frappe's Data Import is the System Manager's; the office roles that import the app's documents get
	it too (what they may import is still their import right on each doctype)."""
	from frappe.permissions import add_permission, update_permission_property

	for role in IMPORTING_ROLES:
		if not frappe.db.exists("Role", role):
			continue
		if frappe.db.exists("Custom DocPerm", {"parent": "Data Import", "role": role, "permlevel": 0}):
			continue
		add_permission("Data Import", role, 0)
		# Each sees only its own imports (and their files), not the System Manager's of other doctypes.
		for ptype in ("write", "create", "delete", "if_owner"):
			update_permission_property("Data Import", role, 0, ptype, 1, validate=False)
	frappe.clear_cache(doctype="Data Import")
