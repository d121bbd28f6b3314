"""Directive Settings, read in one place."""

import frappe
from frappe.utils import cint

DEFAULT_DUE_SOON_DAYS = 3
DEFAULT_MAX_EXTENSIONS = 2


def due_soon_days() -> int:
	value = frappe.db.get_single_value("Directive Settings", "due_soon_days")
	return DEFAULT_DUE_SOON_DAYS if value is None else cint(value)


def max_extensions() -> int:
	value = frappe.db.get_single_value("Directive Settings", "max_extensions")
	return DEFAULT_MAX_EXTENSIONS if value is None else cint(value)
