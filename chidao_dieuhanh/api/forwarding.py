"""The desk's calls for forwarding inside the agency (forwarding.py)."""

import json

import frappe
from frappe import _

from chidao_dieuhanh import forwarding
from chidao_dieuhanh.permissions import get_user_agencies, is_agency_officer, is_office_user, leads_task


@frappe.whitelist()
def task_actions(task: str) -> dict:
	"""Whether the user may hand the task over (the lead agency's focal points and heads) or send a
	contribution on it (a coordinating agency's)."""
	doc = frappe.get_doc("Directive Task", task)
	doc.check_permission("read")
	user = frappe.session.user
	if is_office_user(user) or is_agency_officer(user):
		return {"may_hand_over": False, "may_contribute": False}
	own = set(get_user_agencies(user))
	return {
		"may_hand_over": leads_task(task, user) and frappe.has_permission(forwarding.HANDOVER, "create"),
		"may_contribute": any(row.agency in own for row in doc.coordinating_agencies)
		and frappe.has_permission("Coordination Contribution", "create"),
	}


@frappe.whitelist()
@frappe.validate_and_sanitize_search_inputs
def officer_query(doctype, txt, searchfield, start, page_len, filters):
	"""The officers of the task's lead agency and of its sub-units, for a handover's Officer field."""
	if isinstance(filters, str):  # called over HTTP rather than through search_link
		try:
			filters = json.loads(filters) if filters.strip() else None
		except ValueError:
			filters = False
	if filters is False or (filters and not isinstance(filters, dict)):
		frappe.throw(_("Filters must be an object naming the task."), frappe.ValidationError)
	task = (filters or {}).get("task")
	if not task or not isinstance(task, str):
		return []
	frappe.get_doc("Directive Task", task).check_permission("read")
	user = frappe.session.user
	if not is_office_user(user) and (is_agency_officer(user) or not leads_task(task, user)):
		return []  # who handles the task inside the lead agency is the lead's: not for a coordinator
	lead = frappe.db.get_value("Directive Task", task, "lead_agency")
	officers = set(forwarding.officer_only_users())
	users = [
		user
		for agency in [lead, *forwarding.sub_units(lead)]
		for user in forwarding.agency_members(agency)
		if user in officers
	]
	users = list(dict.fromkeys(users))
	if not users:
		return []
	return frappe.get_all(
		"User",
		filters={"name": ["in", users]},
		or_filters={"name": ["like", f"%{txt}%"], "full_name": ["like", f"%{txt}%"]},
		fields=["name", "full_name"],
		limit_start=start,
		limit_page_length=page_len,
		order_by="full_name",
		as_list=True,
	)
