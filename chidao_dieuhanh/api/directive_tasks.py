"""A directive's tasks made in one go by the tracking officer: proposed from the directive's text, or from
lines the officer pastes, corrected in the desk's dialog (Directive → Create Tasks), then created together.

- `propose_tasks(directive)`: the tasks `chidao_dieuhanh.task_proposal` reads in the directive's text (its
  Document Content, else the text layer of its first attached PDF or DOCX that has one), with the agencies
  matched to the Agency list.
- `parse_task_lines(directive, text)`: the same for pasted lines, one task a line:
  `content | lead agency | deadline or "N ngày làm việc" | coordinators`.
- `create_tasks(directive, tasks)`: every line checked first, then all the tasks created (Drafting, as the
  task form creates them) or none; each problem named with its line.
- `lead_agency_query`: the agencies for the dialog's lead agency field, the directive's recipients first.

Only who may change the directive and create its tasks (the tracking officers, the directive managers)
may call them: an agency user learns nothing of a directive's text here.
"""

import io
import zipfile

import frappe
from frappe import _
from frappe.utils import cint, cstr, getdate, today
from frappe.utils.html_utils import sanitize_html

from chidao_dieuhanh import task_proposal
from chidao_dieuhanh.chidao_dieuhanh.doctype.working_calendar.working_calendar import (
	MAX_WORKING_DAYS,
	get_calendar,
)
from chidao_dieuhanh.validation import MAX_TEXT_LENGTH

MAX_TASKS = 200  # lines in one call
MAX_PDF_PAGES = 60
MAX_DOCX_XML_BYTES = 20 * 1024 * 1024  # word/document.xml unpacked
MAX_PASTED_CHARACTERS = 200_000
WORD_NAMESPACE = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class TaskLinesRefused(frappe.ValidationError):
	http_status_code = 400


# ------------------------------------------------------------------------------------------------
# Endpoints
# ------------------------------------------------------------------------------------------------


@frappe.whitelist()
def propose_tasks(directive: str) -> dict:
	doc = directive_for_tasks(directive)
	text, source = directive_text(doc)
	issued_on = getdate(doc.issue_date) if doc.issue_date else None
	proposals = task_proposal.propose_tasks(
		text, agency_matcher(), get_calendar(), getdate(today()), issued_on
	)
	return {
		"source": source,
		"tasks": [proposal_row(task) for task in proposals],
		"recipient_agencies": recipient_agencies(doc),
	}


@frappe.whitelist(methods=["POST"])
def parse_task_lines(directive: str, text: str) -> dict:
	directive_for_tasks(directive)
	if len(text or "") > MAX_PASTED_CHARACTERS:
		frappe.throw(_("The pasted text is too long."), TaskLinesRefused)
	lines = task_proposal.parse_lines(text, agency_matcher(), get_calendar(), getdate(today()))
	if len(lines) > MAX_TASKS:
		frappe.throw(_("At most {0} tasks can be made at once.").format(MAX_TASKS), TaskLinesRefused)
	return {
		"tasks": [proposal_row(line.task) for line in lines],
		"problems": [problem for line in lines for problem in line_problems(line)],
	}


@frappe.whitelist(methods=["POST"])
def create_tasks(directive: str, tasks: list | str) -> list[str]:
	"""Creates every task or none; answers their names, in the order of the lines."""
	doc = directive_for_tasks(directive)
	try:
		rows = frappe.parse_json(tasks) if isinstance(tasks, str) else tasks
	except ValueError:
		rows = None
	if not isinstance(rows, list) or not rows:
		frappe.throw(_("Give at least one task."), TaskLinesRefused)
	if len(rows) > MAX_TASKS:
		frappe.throw(_("At most {0} tasks can be made at once.").format(MAX_TASKS), TaskLinesRefused)
	values, errors = [], []
	for number, row in enumerate(rows, start=1):
		task, problems = task_values(doc, row)
		values.append(task)
		errors += [_("Line {0}: {1}").format(number, problem) for problem in problems]
	if errors:
		frappe.throw("<br>".join(errors), TaskLinesRefused, title=_("Tasks Not Created"))
	return insert_all(values)


@frappe.whitelist()
@frappe.validate_and_sanitize_search_inputs
def lead_agency_query(
	doctype: str, txt: str, searchfield: str, start: int, page_len: int, filters: dict | None = None
) -> list[tuple[str, str]]:
	"""Agencies whose name, code or short names contain `txt`, the directive's recipient agencies first."""
	directive = (filters or {}).get("directive")
	recipients = []
	if directive and frappe.db.exists("Directive", directive):
		recipients = recipient_agencies(frappe.get_doc("Directive", directive), check=True)
	agencies = frappe.get_list(
		"Agency",
		or_filters={field: ["like", f"%{txt}%"] for field in ("agency_name", "agency_code", "short_names")},
		fields=["name", "agency_code"],
		order_by="lft asc",
		limit_page_length=0,
	)
	first = [a for a in agencies if a.name in recipients]
	rest = [a for a in agencies if a.name not in recipients]
	ordered = first + rest
	return [(a.name, a.agency_code or "") for a in ordered[cint(start) : cint(start) + cint(page_len)]]


# ------------------------------------------------------------------------------------------------
# Reading the directive
# ------------------------------------------------------------------------------------------------


def directive_for_tasks(name: str):
	"""The directive, for a user who may create tasks and change this directive (403 otherwise, before
	anything of the directive is read)."""
	frappe.has_permission("Directive Task", "create", throw=True)
	if not name or not frappe.db.exists("Directive", name):
		frappe.throw(_("Directive {0} not found.").format(frappe.bold(name)), frappe.DoesNotExistError)
	doc = frappe.get_doc("Directive", name)
	frappe.has_permission("Directive", "write", doc=doc, throw=True)
	return doc


def directive_text(doc) -> tuple[str, str | None]:
	"""The directive's text and where it comes from: its Document Content, else its first attached PDF or
	DOCX with a text layer (a scan without one gives nothing)."""
	if doc.meta.has_field("document_content") and cstr(doc.get("document_content")).strip():
		return doc.document_content, _("Document Content")
	for file in attached_files(doc):
		text = file_text(file)
		if text.strip():
			return text, file.file_name
	return "", None


def attached_files(doc) -> list:
	"""The directive's attached files, the one in its Attachment field first."""
	files = frappe.get_all(
		"File",
		filters={"attached_to_doctype": "Directive", "attached_to_name": doc.name, "is_folder": 0},
		fields=["name", "file_name", "file_url"],
		order_by="creation asc",
	)
	return sorted(files, key=lambda f: f.file_url != doc.get("attachment"))


def file_text(file) -> str:
	name = (file.file_name or file.file_url or "").lower()
	if not name.endswith((".pdf", ".docx")):
		return ""
	try:
		content = frappe.get_doc("File", file.name).get_content()
		if isinstance(content, str):
			content = content.encode()
		return pdf_text(content) if name.endswith(".pdf") else docx_text(content)
	except Exception:
		# a damaged or encrypted file gives no text; the officer types the tasks instead
		frappe.log_error(title=_("Could not read the text of {0}").format(file.file_name))
		return ""


def pdf_text(content: bytes) -> str:
	from pypdf import PdfReader

	reader = PdfReader(io.BytesIO(content))
	return "\n".join(page.extract_text() or "" for page in reader.pages[:MAX_PDF_PAGES])


def docx_text(content: bytes) -> str:
	"""The paragraphs and tables of a Word document, in their order. Automatically numbered paragraphs get
	their marker back ("1.", "a)", "-" by level) since the number is not in the text; a table of tasks (a
	plan's annex: task, lead, coordinators, deadline columns) gives one numbered item a row."""
	from defusedxml import ElementTree

	with zipfile.ZipFile(io.BytesIO(content)) as archive:
		info = archive.getinfo("word/document.xml")
		if info.file_size > MAX_DOCX_XML_BYTES:
			return ""
		root = ElementTree.fromstring(archive.read(info))
	body = root.find(f"{WORD_NAMESPACE}body")
	counters: dict[tuple[str, int], int] = {}
	lines = []
	for block in body if body is not None else []:
		if block.tag == f"{WORD_NAMESPACE}p":
			lines.append(_paragraph_text(block, counters))
		elif block.tag == f"{WORD_NAMESPACE}tbl":
			lines += _table_lines(block)
	return "\n".join(lines)


def _paragraph_text(paragraph, counters: dict[tuple[str, int], int]) -> str:
	text = "".join(_run_text(node) for node in paragraph.iter())
	numbering = paragraph.find(f"{WORD_NAMESPACE}pPr/{WORD_NAMESPACE}numPr")
	if numbering is not None and text.strip():
		text = f"{_list_marker(numbering, counters)} {text}"
	return text


# Header cells of a table of tasks (folded), for each part of a task.
TABLE_COLUMNS = {
	"lead": ("chu tri",),
	"coordinators": ("phoi hop",),
	"deadline": ("thoi han", "thoi gian", "tien do"),
	"content": ("nhiem vu", "noi dung", "cong viec"),
}
TABLE_LABELS = {"lead": "Cơ quan chủ trì", "coordinators": "Cơ quan phối hợp", "deadline": "Thời hạn"}


def _table_lines(table) -> list[str]:
	rows = [
		[
			" ".join(_paragraph_text(p, {}).strip() for p in cell.iter(f"{WORD_NAMESPACE}p")).strip()
			for cell in row.findall(f"{WORD_NAMESPACE}tc")
		]
		for row in table.findall(f"{WORD_NAMESPACE}tr")
	]
	columns = _task_columns(rows[0]) if rows else {}
	if "content" not in columns:
		return [" ".join(cell for cell in cells if cell) for cells in rows]
	lines = []
	for cells in rows[1:]:

		def cell(part: str, cells=cells) -> str:
			index = columns.get(part)
			return cells[index].strip(" .;") if index is not None and index < len(cells) else ""

		if not cell("content"):
			continue
		parts = [f"{len(lines) + 1}. {cell('content')}."]
		parts += [f"{label}: {cell(part)}." for part, label in TABLE_LABELS.items() if cell(part)]
		lines.append(" ".join(parts))
	return lines


def _task_columns(header: list[str]) -> dict[str, int]:
	columns: dict[str, int] = {}
	for index, text in enumerate(header):
		folded = task_proposal.fold(text)
		for part, words in TABLE_COLUMNS.items():
			if part not in columns and any(word in folded for word in words):
				columns[part] = index
				break
	return columns


def _run_text(node) -> str:
	if node.tag == f"{WORD_NAMESPACE}t":
		return node.text or ""
	if node.tag == f"{WORD_NAMESPACE}tab":
		return "\t"
	if node.tag in (f"{WORD_NAMESPACE}br", f"{WORD_NAMESPACE}cr"):
		return "\n"
	return ""


def _list_marker(numbering, counters: dict[tuple[str, int], int]) -> str:
	level_node = numbering.find(f"{WORD_NAMESPACE}ilvl")
	list_node = numbering.find(f"{WORD_NAMESPACE}numId")
	level = cint(level_node.get(f"{WORD_NAMESPACE}val")) if level_node is not None else 0
	list_id = list_node.get(f"{WORD_NAMESPACE}val") if list_node is not None else ""
	for key in [k for k in counters if k[0] == list_id and k[1] > level]:
		del counters[key]  # a new item restarts the levels under it
	counters[(list_id, level)] = counters.get((list_id, level), 0) + 1
	number = counters[(list_id, level)]
	if level == 0:
		return f"{number}."
	if level == 1:
		return f"{'abcdefghiklmnopqrstuvxy'[(number - 1) % 23]})"
	return "-"


def agency_matcher() -> task_proposal.AgencyMatcher:
	rows = frappe.get_list("Agency", fields=["name", "short_names"], order_by="lft asc", limit_page_length=0)
	return task_proposal.AgencyMatcher.from_rows(rows)


def recipient_agencies(doc, check: bool = False) -> list[str]:
	"""The agencies the directive is addressed to (its To), when the directive keeps them."""
	if not doc.meta.has_field("recipient_agencies"):
		return []
	if check and not frappe.has_permission("Directive", "read", doc=doc):
		return []
	return [row.agency for row in doc.get("recipient_agencies") or [] if row.agency]


def proposal_row(task: task_proposal.ProposedTask) -> dict:
	"""A line for the dialog, its texts sanitized as Frappe sanitizes them on save: read from a received PDF
	or DOCX, they could carry markup that the dialog's table would draw (`<img onerror=...>`)."""
	row = task.as_dict()
	row["coordinating_agencies"] = "\n".join(task.coordinating_agencies)
	for key in ("content", "lead_text"):
		if isinstance(row.get(key), str) and ("<" in row[key] or ">" in row[key]):
			row[key] = sanitize_html(row[key])
	return row


def line_problems(line: task_proposal.PastedLine) -> list[str]:
	problems = []
	prefix = _("Line {0}: {1}")
	if line.lead_written and not line.task.lead_agency:
		problems.append(
			prefix.format(
				line.number, _("{0} is not in the Agency list.").format(frappe.bold(line.lead_written))
			)
		)
	for written in line.unknown_coordinators:
		problems.append(
			prefix.format(line.number, _("{0} is not in the Agency list.").format(frappe.bold(written)))
		)
	if not line.deadline_understood:
		problems.append(
			prefix.format(
				line.number,
				_("The deadline {0} could not be read.").format(frappe.bold(line.deadline_written)),
			)
		)
	return problems


# ------------------------------------------------------------------------------------------------
# Creating the tasks
# ------------------------------------------------------------------------------------------------


def task_values(directive, row) -> tuple[dict, list[str]]:
	"""The task a line makes, and what is wrong with the line."""
	if not isinstance(row, dict):
		return {}, [_("A task must be given as an object.")]
	problems = []
	content = cstr(row.get("content")).strip()
	if not content:
		problems.append(_("Enter the task's content."))
	elif len(content) > MAX_TEXT_LENGTH["Text"]:
		problems.append(_("The content is longer than {0} characters.").format(MAX_TEXT_LENGTH["Text"]))
	lead = cstr(row.get("lead_agency")).strip()
	if not lead:
		problems.append(_("Choose the lead agency."))
	elif not frappe.db.exists("Agency", lead):
		problems.append(_("{0} is not in the Agency list.").format(frappe.bold(lead)))
	coordinators, coordinator_problems = _coordinators(row.get("coordinating_agencies"), lead)
	problems += coordinator_problems
	deadline, working_days, no_deadline, deadline_problems = _deadline(directive, row)
	problems += deadline_problems
	return {
		"doctype": "Directive Task",
		"directive": directive.name,
		"content": content,
		"lead_agency": lead,
		"coordinating_agencies": [{"agency": agency} for agency in coordinators],
		"deadline": deadline,
		"working_days": working_days,
		"no_deadline": no_deadline,
	}, problems


def _coordinators(value, lead: str) -> tuple[list[str], list[str]]:
	if isinstance(value, str):
		names = [name.strip() for name in value.splitlines()]
	elif isinstance(value, list):
		names = [cstr(v.get("agency") if isinstance(v, dict) else v).strip() for v in value]
	elif value is None:
		names = []
	else:
		return [], [_("Coordinating agencies must be a list.")]
	names = [name for name in names if name]
	problems = []
	for name in names:
		if not frappe.db.exists("Agency", name):
			problems.append(_("{0} is not in the Agency list.").format(frappe.bold(name)))
	if lead and lead in names:
		problems.append(
			_("{0} is the lead agency and cannot also be a coordinating agency.").format(frappe.bold(lead))
		)
	for name in {n for n in names if names.count(n) > 1}:
		problems.append(_("{0} is listed twice as a coordinating agency.").format(frappe.bold(name)))
	return names, problems


def _deadline(directive, row) -> tuple[str | None, int, int, list[str]]:
	"""Deadline, working days and No Deadline of a line: working days, when given, set the deadline (from the
	assignment date, as the task form does)."""
	no_deadline = 1 if cint(row.get("no_deadline")) else 0
	raw_days = row.get("working_days")
	try:
		working_days = int(raw_days or 0)
	except (TypeError, ValueError):
		return None, 0, no_deadline, [_("Working days must be a whole number.")]
	if not 0 <= working_days <= MAX_WORKING_DAYS:
		return None, 0, no_deadline, [_("Working days must be between 0 and {0}.").format(MAX_WORKING_DAYS)]
	if no_deadline:
		return None, 0, 1, []
	deadline = None
	if working_days:
		deadline = get_calendar().add_working_days(getdate(today()), working_days)
	elif row.get("deadline"):
		try:
			deadline = getdate(row.get("deadline"))
		except Exception:
			return (
				None,
				0,
				0,
				[_("The deadline {0} is not a date.").format(frappe.bold(cstr(row.get("deadline"))))],
			)
	if not deadline:
		return None, 0, 0, [_("Enter a deadline, a number of working days, or tick No Deadline.")]
	if directive.issue_date and deadline < getdate(directive.issue_date):
		return (
			None,
			0,
			0,
			[
				_("The deadline {0} is before the directive's issue date {1}.").format(
					frappe.format(deadline, "Date"), frappe.format(directive.issue_date, "Date")
				)
			],
		)
	return str(deadline), working_days, 0, []


def insert_all(values: list[dict]) -> list[str]:
	"""All the tasks or none: a task refused by its own rules rolls back those inserted before it."""
	savepoint = "create_directive_tasks"
	frappe.db.savepoint(savepoint)
	names = []
	for number, task in enumerate(values, start=1):
		try:
			names.append(frappe.get_doc(task).insert().name)
		except frappe.ValidationError as error:
			frappe.db.rollback(save_point=savepoint)
			frappe.clear_messages()
			message = cstr(error) or _("The task could not be created.")
			frappe.throw(
				_("Line {0}: {1}").format(number, message), TaskLinesRefused, title=_("Tasks Not Created")
			)
		except Exception:
			frappe.db.rollback(save_point=savepoint)
			raise
	return names
