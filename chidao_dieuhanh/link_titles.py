"""Users are shown by their full name, not their e-mail address, wherever a user is linked (the directing
leader, the tracking officer, the sender of a reminder...): Frappe's "Show Title in Link Fields" on User,
whose title field is the full name. Forms, lists and link searches then show the name; reports register
the titles they carry (task_statistics.js)."""

import frappe
from frappe.custom.doctype.property_setter.property_setter import make_property_setter


def show_users_by_full_name():
	make_property_setter(
		"User",
		None,
		"show_title_field_in_link",
		1,
		"Check",
		for_doctype=True,
		validate_fields_for_doctype=False,
	)
	frappe.clear_cache(doctype="User")
