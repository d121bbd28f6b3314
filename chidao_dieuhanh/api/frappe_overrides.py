"""Permission-aware versions of the Frappe v15 endpoints that answer without the caller's permissions.

Each is routed here by `override_whitelisted_methods` in hooks.py and keeps the original's arguments and
answer, so the desk works as before:

- `frappe.client.get_count` counts with `frappe.db.count`, which ignores permissions: any text of a hidden
  task could be read letter by letter with `content like 'X%'` filters. An agency user's tasks counted
  without a filter are counted from the index of which agency sees which task alone.
- `frappe.desk.listview.get_group_by_count` builds its "Assigned To" counts without permissions.
- `frappe.desk.doctype.dashboard_chart.dashboard_chart.get` draws heatmaps with `frappe.get_all`, for any
  chart definition the caller sends, and serves a saved chart from one cache shared by all its users.
- `frappe.desk.notifications.get_open_count` (a form's Connections) counts linked documents with
  `frappe.get_all`.
- `frappe.desk.form.assign_to.add` / `add_multiple` need only read access to the document, and share the
  document with an assignee who may not read it; on the app's documents an assignment needs write access,
  and every assignee must already be allowed to read the document.
- `frappe.client.set_value` on a child row that does not exist ends in a server error.
- `frappe.desk.form.assign_to.remove` / `remove_multiple` need only read access and take
  `ignore_permissions` from the caller: on the app's documents removing an assignment needs write access.
- `frappe.desk.search.get_link_title` returns any document's title (a task's title is its content)
  without a check.
- `frappe.www.printview.get_html_and_style` / `get_rendered_raw_commands` print a document sent as JSON,
  checked by the name it carries while its links (and their titles) can be anyone's: the app's
  documents are printed from the database by name.
- `frappe.desk.form.linked_with.get_submitted_linked_docs` asks for read permission but ignores the answer.
- `frappe.desk.doctype.tag.tag.add_tag` / `add_tags` / `remove_tag` check nothing (and answer a server
  error when a later check refuses): on the app's documents tagging needs read access.
"""

import inspect
import json

import frappe
import frappe.client
from frappe import _
from frappe.core.doctype.server_script.server_script_utils import get_server_script_map
from frappe.desk import search as frappe_search
from frappe.desk.doctype.dashboard_chart import dashboard_chart
from frappe.desk.doctype.tag import tag as frappe_tag
from frappe.desk.form import assign_to, linked_with
from frappe.desk.listview import get_group_by_count as frappe_group_by_count
from frappe.desk.notifications import get_dynamic_link_filters, get_filters_for, get_internal_links
from frappe.model import is_default_field
from frappe.model.db_query import check_parent_permission, requires_owner_constraint
from frappe.permissions import get_role_permissions, get_user_permissions
from frappe.share import get_shared
from frappe.utils import cint, get_safe_filters, getdate, nowdate
from frappe.www import printview

from chidao_dieuhanh import replica
from chidao_dieuhanh.permissions import agency_task_count, is_app_doctype, is_office_user

APP_TASK_QUERY = "chidao_dieuhanh.permissions.task_query"


@frappe.whitelist()
@frappe.read_only()
def get_count(doctype: str, filters=None, debug=False, cache=False, parent: str | None = None) -> int:
	if frappe.is_table(doctype):
		check_parent_permission(parent, doctype)
	return _count(doctype, get_safe_filters(filters), parent)


def _count(doctype: str, filters, parent: str | None = None) -> int:
	if frappe.get_meta(doctype).issingle:
		frappe.throw(_("{0} is a single document: there is nothing to count.").format(_(doctype)))
	if (
		doctype == "Directive Task"
		and not filters
		and not parent
		and not is_office_user()
		and _counted_by_permission_alone(doctype)
	):
		count = agency_task_count(frappe.session.user)
		if count is not None:
			return count
	# Only a filter on a child table joins rows that repeat a document; the permission conditions are
	# subqueries (permissions.py), so without one a plain count(*) is right, and much cheaper.
	counted = f"distinct `tab{doctype}`.`name`" if _filters_child_table(doctype, filters) else "*"
	rows = frappe.get_list(
		doctype,
		filters=filters,
		fields=[f"count({counted}) as total"],
		parent_doctype=parent,
		order_by=None,
	)
	return cint(rows[0].total) if rows else 0


def _counted_by_permission_alone(doctype: str) -> bool:
	"""Whether the user's rows of the doctype are those of the app's permission query alone: read by role
	and not only as the owner (Frappe ANDs `owner = user`), no document shared with the user (Frappe ORs
	them in), no user permission (Frappe ANDs them), no other permission query (a Server Script's, another
	app's hook)."""
	user = frappe.session.user
	hooks = frappe.get_hooks("permission_query_conditions", {})
	return (
		frappe.has_permission(doctype, "read")
		and not requires_owner_constraint(get_role_permissions(frappe.get_meta(doctype), user=user))
		and hooks.get(doctype, []) == [APP_TASK_QUERY]
		and not hooks.get("*")
		and not get_server_script_map().get("permission_query", {}).get(doctype)
		and not get_shared(doctype, user)
		and not get_user_permissions(user)
	)


def _filters_child_table(doctype: str, filters) -> bool:
	"""Whether a filter names another doctype (`[child doctype, field, operator, value]`)."""
	if not isinstance(filters, list | tuple):
		return False
	return any(isinstance(f, list | tuple) and len(f) >= 4 and f[0] != doctype for f in filters)


@frappe.whitelist()
@frappe.read_only()
def get_group_by_count(doctype: str, current_filters: str, field: str) -> list[dict]:
	if field != "assigned_to":
		if not frappe.get_meta(doctype).has_field(field) and not is_default_field(field):
			frappe.throw(_("{0} is not a field of {1}.").format(field, _(doctype)), frappe.ValidationError)
		return frappe_group_by_count(doctype, current_filters, field)
	visible = frappe.get_list(
		doctype, filters=frappe.parse_json(current_filters), fields=[f"`tab{doctype}`.`name`"], run=False
	)
	return frappe.db.sql(
		f"""select todo.`allocated_to` as name, count(*) as count
		from `tabToDo` todo join `tabUser` user on user.`name` = todo.`allocated_to`
		where todo.`status` != 'Cancelled' and user.`user_type` = 'System User'
			and todo.`reference_type` = %(doctype)s and todo.`reference_name` in ({visible})
		group by todo.`allocated_to` order by count desc limit 50""",
		{"doctype": doctype},
		as_dict=True,
	)


@frappe.whitelist()
@frappe.read_only()
def get_dashboard_chart(
	chart_name=None,
	chart=None,
	no_cache=None,
	filters=None,
	from_date=None,
	to_date=None,
	timespan=None,
	time_interval=None,
	heatmap_year=None,
	refresh=None,
):
	definition = frappe.get_doc("Dashboard Chart", chart_name) if chart_name else None
	definition = definition or frappe._dict(frappe.parse_json(chart) or {})
	filters = chart_filters(definition.document_type, filters)
	if definition.type != "Heatmap" or definition.chart_type in ("Custom", "Report"):
		arguments = dict(
			chart_name=chart_name,
			filters=filters,
			from_date=from_date,
			to_date=to_date,
			timespan=timespan,
			time_interval=time_interval,
			heatmap_year=heatmap_year,
		)
		if chart_name and is_office_user() and not no_cache:
			with replica.without_bookkeeping_writes():
				return dashboard_chart.get(**arguments, refresh=refresh)
		# A saved chart's cache is shared by all its users, and a chart sent by the caller has no name
		# to cache under (Frappe's cache fails on it): computed afresh, with the caller's permissions.
		return inspect.unwrap(dashboard_chart.get)(**arguments, chart=chart)
	filters = frappe.parse_json(filters) or frappe.parse_json(definition.filters_json) or []
	filters.append([definition.document_type, "docstatus", "<", 2, False])
	return _heatmap(definition, filters, heatmap_year or definition.heatmap_year)


def chart_filters(doctype: str | None, filters) -> str | None:
	"""Frappe's chart code appends to the filters: given as an object ({field: value}, as the REST API
	takes them elsewhere) they are turned into its list form; anything else is refused (HTTP 417)."""
	try:
		filters = frappe.parse_json(filters)
	except ValueError:
		filters = "not JSON"
	if not filters:
		return None
	if isinstance(filters, dict):
		filters = [
			[doctype, field, *(value if isinstance(value, list) else ["=", value])]
			for field, value in filters.items()
		]
	if not isinstance(filters, list) or not all(isinstance(f, list) for f in filters):
		frappe.throw(_("Chart filters must be a list of conditions or an object."), frappe.ValidationError)
	return json.dumps(filters)


def _heatmap(chart, filters, heatmap_year) -> dict:
	"""Frappe's heatmap query, through frappe.get_list."""
	aggregate = dashboard_chart.get_aggregate_function(chart.chart_type)
	value_field = chart.value_based_on or "1"
	doctype, datefield = chart.document_type, chart.based_on
	year = cint(heatmap_year) or getdate(nowdate()).year
	filters.append([doctype, datefield, ">", f"{year}-01-01", False])
	filters.append([doctype, datefield, "<", f"{year + 1}-01-01", False])
	rows = frappe.get_list(
		doctype,
		fields=[f"unix_timestamp({datefield})", f"{aggregate}({value_field})"],
		filters=filters,
		group_by=f"date({datefield})",
		as_list=True,
		order_by=f"{datefield} asc",
		ignore_ifnull=True,
		parent_doctype=chart.parent_document_type,
	)
	return {"labels": [], "dataPoints": dict(rows)}


@frappe.whitelist()
@frappe.read_only()
def get_open_count(doctype: str, name: str, items=None):
	"""Frappe's connections counts, each a permission-aware count."""
	if frappe.flags.in_migrate or frappe.flags.in_install:
		return {"count": []}
	doc = frappe.get_doc(doctype, name)
	doc.check_permission()
	links = doc.meta.get_dashboard_data()
	if items is None:
		items = [item for group in links.transactions for item in group.get("items")]
	if not isinstance(items, list):
		items = frappe.parse_json(items)
	out = {"external_links_found": [], "internal_links_found": []}
	for linked_doctype in items:
		internal = links.get("internal_links", {}).get(linked_doctype) or links.get(
			"internal_and_external_links", {}
		).get(linked_doctype)
		if internal:
			found = get_internal_links(doc, internal, linked_doctype)
			if found["count"]:
				out["internal_links_found"].append(found)
				continue
		out["external_links_found"].append(_external_links(linked_doctype, name, links))
	result = {"count": out}
	if not doc.meta.custom:
		module = frappe.get_meta_module(doctype)
		if hasattr(module, "get_timeline_data"):
			result["timeline_data"] = module.get_timeline_data(doctype, name)
	return result


def _external_links(doctype: str, name: str, links) -> dict:
	if not frappe.has_permission(doctype, "read"):
		return {"doctype": doctype, "open_count": 0, "count": 0}
	fieldname = links.get("non_standard_fieldnames", {}).get(doctype, links.get("fieldname"))
	filters = {fieldname: name}
	if dynamic := get_dynamic_link_filters(doctype, links, fieldname):
		filters.update(dynamic)
	total = _count(doctype, filters)
	open_count = 0
	if open_filters := get_filters_for(doctype):
		filters.update(open_filters)
		open_count = _count(doctype, filters)
	return {"doctype": doctype, "count": total, "open_count": open_count}


class AssigneeCannotRead(frappe.PermissionError):
	pass


@frappe.whitelist()
def add_assignment(args=None):
	args = args or frappe.local.form_dict
	check_assignment(args.get("doctype"), args.get("name"), frappe.parse_json(args.get("assign_to")) or [])
	return assign_to.add(args)


@frappe.whitelist()
def add_multiple_assignments(args=None):
	args = args or frappe.local.form_dict
	for name in frappe.parse_json(args["name"]):
		add_assignment({**args, "name": name})


def check_assignment(doctype: str | None, name: str | None, assignees: list[str]) -> None:
	if not doctype or not name:
		frappe.throw(_("Choose the document to assign."))
	if not is_app_doctype(doctype):
		return
	frappe.has_permission(doctype, "write", name, throw=True)
	for user in assignees:
		if not frappe.has_permission(doctype, "read", name, user=user):
			frappe.throw(
				_("{0} may not see {1} {2}, so it cannot be assigned to them.").format(
					frappe.bold(frappe.utils.get_fullname(user)), _(doctype), name
				),
				AssigneeCannotRead,
			)


@frappe.whitelist()
def add_tag(tag: str, dt: str, dn: str, color: str | None = None):
	check_tagging(dt, [dn])
	return frappe_tag.add_tag(tag, dt, dn, color)


@frappe.whitelist()
def add_tags(tags, dt: str, docs, color: str | None = None):
	check_tagging(dt, frappe.parse_json(docs))
	return frappe_tag.add_tags(tags, dt, docs, color)


@frappe.whitelist()
def remove_tag(tag: str, dt: str, dn: str):
	check_tagging(dt, [dn])
	return frappe_tag.remove_tag(tag, dt, dn)


def check_tagging(doctype: str, names: list[str]) -> None:
	if not is_app_doctype(doctype):
		return
	for name in names:
		frappe.has_permission(doctype, "read", name, throw=True)


@frappe.whitelist(methods=["POST", "PUT"])
def set_value(doctype: str, name: str, fieldname, value=None):
	if frappe.is_table(doctype) and not frappe.db.exists(doctype, name):
		raise frappe.DoesNotExistError(_("{0} {1} not found").format(_(doctype), name))
	return frappe.client.set_value(doctype, name, fieldname, value)


@frappe.whitelist()
def remove_assignment(doctype: str, name: str, assign_to: str, ignore_permissions=False):
	check_assignment(doctype, name, [])
	return assign_to.remove(doctype, name, assign_to)


@frappe.whitelist()
def remove_multiple_assignments(doctype: str, names, ignore_permissions=False):
	for name in frappe.parse_json(names):
		check_assignment(doctype, name, [])
	return assign_to.remove_multiple(doctype, names)


@frappe.whitelist()
def get_link_title(doctype: str, docname: str):
	if is_app_doctype(doctype) and not frappe.has_permission(doctype, "read", docname):
		return docname
	return frappe_search.get_link_title(doctype, docname)


@frappe.whitelist()
def get_html_and_style(
	doc: str,
	name: str | None = None,
	print_format: str | None = None,
	no_letterhead: bool | None = None,
	letterhead: str | None = None,
	trigger_print: bool = False,
	style: str | None = None,
	settings: str | None = None,
):
	return printview.get_html_and_style(
		*_printed_document(doc, name),
		print_format,
		no_letterhead,
		letterhead,
		trigger_print,
		style,
		settings,
	)


@frappe.whitelist()
def get_rendered_raw_commands(doc: str, name: str | None = None, print_format: str | None = None):
	return printview.get_rendered_raw_commands(*_printed_document(doc, name), print_format)


def _printed_document(doc: str, name: str | None) -> tuple[str, str | None]:
	"""Frappe's (doc, name) arguments, with one of the app's documents sent as JSON replaced by its
	doctype and name, so that it is printed as saved."""
	if isinstance(name, str):
		return doc, name
	sent = frappe._dict(frappe.parse_json(doc) or {})
	if not is_app_doctype(sent.doctype):
		return doc, name
	if not sent.name:
		frappe.throw(_("Save the document before printing it."))
	return sent.doctype, sent.name


@frappe.whitelist()
def get_submitted_linked_docs(doctype: str, name: str, ignore_doctypes_on_cancel_all=None) -> list[tuple]:
	frappe.has_permission(doctype, "read", name, throw=True)
	return linked_with.get_submitted_linked_docs(doctype, name, ignore_doctypes_on_cancel_all)
