"""Input every document of the app must pass before its own rules run, whatever route it came by.

Frappe v15 leaves some bad input to the database, which answers with a server error, or accepts it
silently: texts longer than their column, "abc" for a number (cast to 0), a list for a text, an impossible
date, and a link to a missing record when that link has fetched fields (Frappe skips the check then).
Each gets a clear, translated ValidationError (HTTP 417) here, before anything is saved.
"""

import frappe
from frappe import _
from frappe.utils import get_datetime, getdate

from chidao_dieuhanh.permissions import APP_MODULE

# Characters a text field may hold: what its column can store (Small Text and Text are both TEXT,
# 64 KiB, up to 3 bytes per Vietnamese character), and for rich text a bound on what a report can
# reasonably be.
MAX_TEXT_LENGTH = {"Small Text": 20_000, "Text": 20_000, "Text Editor": 100_000, "Long Text": 100_000}
# Small Text and Text are MariaDB `text` columns: 65,535 bytes (a Vietnamese letter is up to 3, an emoji 4).
TEXT_COLUMN_BYTES = 65_535
TEXT_COLUMN_FIELDTYPES = frozenset({"Small Text", "Text"})
NUMERIC_FIELDTYPES = frozenset({"Int", "Float", "Percent", "Currency", "Check"})
SCALAR_FIELDTYPES = frozenset(
	{"Data", "Link", "Select", "Small Text", "Text", "Text Editor", "Long Text", "Date", "Datetime", "Attach"}
)


class InvalidValue(frappe.ValidationError):
	pass


def validate_input(doc, method=None) -> None:
	"""What users and integrators send; the app's own saves (flagged to ignore permissions) copy values
	that passed here already."""
	if doc.meta.module != APP_MODULE or doc.flags.ignore_permissions:
		return
	for row in [doc, *doc.get_all_children()]:
		for df in row.meta.fields:
			value = row.get(df.fieldname)
			if value is None or value == "":
				continue
			_validate_value(row, df, value)
	validate_fetch_sources(doc)


def _validate_value(doc, df, value) -> None:
	label = _(df.label or df.fieldname, context=doc.doctype)
	if df.fieldtype in SCALAR_FIELDTYPES and isinstance(value, list | dict):
		_throw(_("{0}: a single value is expected, not a list.").format(label))
	if df.fieldtype in NUMERIC_FIELDTYPES and isinstance(value, str) and not _is_number(value):
		_throw(_("{0}: {1} is not a number.").format(label, frappe.bold(_shorten(value))))
	if df.fieldtype in NUMERIC_FIELDTYPES and isinstance(value, list | dict):
		_throw(_("{0}: a number is expected.").format(label))
	if df.fieldtype in ("Date", "Datetime") and isinstance(value, str):
		try:
			parsed = getdate(value) if df.fieldtype == "Date" else get_datetime(value)
		except (ValueError, OverflowError, frappe.ValidationError):
			parsed = None
		if parsed is None:
			frappe.clear_last_message()
			_throw(_("{0}: {1} is not a valid date.").format(label, frappe.bold(_shorten(value))))
	limit = MAX_TEXT_LENGTH.get(df.fieldtype)
	if limit and not df.fetch_from and isinstance(value, str) and len(value) > limit:
		_throw(
			_("{0} is too long: {1} characters, at most {2}.").format(
				label, frappe.format(len(value), "Int"), frappe.format(limit, "Int")
			)
		)
	if (
		df.fieldtype in TEXT_COLUMN_FIELDTYPES
		and isinstance(value, str)
		and len(value.encode()) > TEXT_COLUMN_BYTES
	):
		_throw(
			_(
				"{0} is too long: {1} bytes once stored, at most {2} (an emoji or symbol counts as four)."
			).format(
				label, frappe.format(len(value.encode()), "Int"), frappe.format(TEXT_COLUMN_BYTES, "Int")
			)
		)


def validate_fetch_sources(doc) -> None:
	"""Links whose target other fields are fetched from must name an existing record."""
	sources = {df.fetch_from.split(".", 1)[0] for df in doc.meta.fields if df.fetch_from}
	for fieldname in sources:
		df = doc.meta.get_field(fieldname)
		value = doc.get(fieldname)
		if not value or not df or df.fieldtype != "Link":
			continue
		if not frappe.db.exists(df.options, value):
			frappe.throw(
				_("{0} {1} does not exist.").format(_(df.options), frappe.bold(_shorten(str(value)))),
				frappe.LinkValidationError,
				title=_("Invalid Link"),
			)


def _is_number(value: str) -> bool:
	try:
		float(value.strip())
	except ValueError:
		return False
	return True


def _shorten(value: str, length: int = 40) -> str:
	return frappe.utils.escape_html(value if len(value) <= length else value[:length] + "…")


def _throw(message: str) -> None:
	frappe.throw(message, InvalidValue, title=_("Invalid Value"))
