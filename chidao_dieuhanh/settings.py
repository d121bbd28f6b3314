"""Directive Settings, read in one place (uncached: a single row of tabSingles per value).

Defaults live in the doctype; `set_missing_defaults` stores them for settings added after install."""

import frappe
from frappe.utils import cint

from chidao_dieuhanh.deadlines import ReminderRule

SETTINGS = "Directive Settings"


def get_int(fieldname: str) -> int:
	return cint(frappe.db.get_single_value(SETTINGS, fieldname, cache=False))


def set_missing_defaults() -> None:
	"""Stores the doctype default of every setting that has no value yet (new fields on old sites)."""
	singles = frappe.qb.Table("tabSingles")
	stored = set(
		frappe.qb.from_(singles).select(singles.field).where(singles.doctype == SETTINGS).run(pluck=True)
	)
	for df in frappe.get_meta(SETTINGS).fields:
		if df.default is not None and df.fieldname not in stored:
			frappe.db.set_single_value(SETTINGS, df.fieldname, df.default)


def due_soon_days() -> int:
	return get_int("due_soon_days")


def max_extensions() -> int:
	return get_int("max_extensions")


def reminder_rule() -> ReminderRule:
	return ReminderRule(
		days_before=get_int("remind_days_before"),
		on_deadline_day=bool(get_int("remind_on_deadline_day")),
		overdue_interval=get_int("overdue_reminder_interval"),
	)


def digest_weekday() -> str:
	return frappe.db.get_single_value(SETTINGS, "digest_weekday", cache=False) or "Monday"


def digest_recipients() -> list[str]:
	return frappe.get_all(
		"Directive Digest Recipient",
		filters={"parent": SETTINGS, "parenttype": SETTINGS},
		pluck="user",
		order_by="idx",
	)
