"""Delegation when away (ủy quyền): a tracking officer, an office leader, an agency's focal point or head
hands their work for a period to another user of the same agency (or one of its sub-units), or of the
office. A `Work Delegation` is submitted to take effect; cancelling it ends it at once.

During the period:

- the delegate receives the delegator's notifications, reminders, escalations and digest: every
  Notification of the app's documents adds the delegates of its recipients who are away that day
  (`DelegatingNotification`, hooks `override_doctype_class`), so nothing stored on tasks changes;
- the delegate may take the delegator's workflow actions: the period's start gives the delegate the
  delegator's roles it lacked (Has Role rows) and, when the delegate belongs to a sub-unit, a row in the
  Users table of the delegator's agency; the end deletes exactly those rows, by name. Each workflow action
  the delegate takes with them is written on the document as done on behalf of the delegator.

A daily job starts and ends the periods; a workflow action by a delegate whose period is over is refused
(and the period ended) even before the job runs.
"""

import json

import frappe
from frappe import _
from frappe.email.doctype.notification.notification import Notification
from frappe.utils import getdate, today

from chidao_dieuhanh.permissions import APP_MODULE, clear_agency_cache, get_user_agencies

DOCTYPE = "Work Delegation"
DELEGABLE_ROLES = ("Tracking Officer", "Office Leader", "Agency Focal Point", "Agency Head")
OFFICE_ROLES = ("Tracking Officer", "Office Leader")
# Who may record a delegation for another user.
MANAGER_ROLES = ("System Manager", "Directive Manager")
DRAFT, SCHEDULED, ACTIVE, ENDED, CANCELLED = "Draft", "Scheduled", "Active", "Ended", "Cancelled"
IN_FORCE = (SCHEDULED, ACTIVE)


class DelegationEnded(frappe.PermissionError):
	pass


# --------------------------------------------------------------------------------------------------
# Who belongs where
# --------------------------------------------------------------------------------------------------


def direct_agencies(user: str) -> list[str]:
	"""The agencies whose Users table lists the user, or whose head the user is (no sub-units)."""
	listed = frappe.get_all(
		"Agency User", filters={"user": user, "parenttype": "Agency"}, pluck="parent", distinct=True
	)
	headed = frappe.get_all("Agency", filters={"head_user": user}, pluck="name")
	return list(dict.fromkeys(listed + headed))


def agency_of_pair(delegator: str, delegate: str) -> str | None:
	"""The delegator's agency that the delegate belongs to: the same agency, one of its sub-units, or
	the agency above it. None when they share no agency."""
	delegate_scope = set(get_user_agencies(delegate))
	delegate_own = direct_agencies(delegate)
	for agency in direct_agencies(delegator):
		below = {agency, *frappe.db.get_descendants("Agency", agency)}
		if agency in delegate_scope or any(a in below for a in delegate_own):
			return agency
	return None


def lent_agency_rows(user: str) -> list[dict]:
	"""The Agency User rows that delegations in force lent the user as their delegate."""
	rows = []
	for granted in frappe.get_all(
		DOCTYPE, filters={"delegate": user, "docstatus": 1, "status": ACTIVE}, pluck="granted_rows"
	):
		rows.extend(json.loads(granted or "{}").get("Agency User", []))
	return rows


def delegable_roles(user: str) -> list[str]:
	roles = set(frappe.get_roles(user))
	return [role for role in DELEGABLE_ROLES if role in roles]


# --------------------------------------------------------------------------------------------------
# Start and end
# --------------------------------------------------------------------------------------------------


def others_in_force(doc, user_field: str, user: str, from_date, to_date) -> list[frappe._dict]:
	"""Submitted delegations in force whose `user_field` is `user` and whose period meets this one."""
	return frappe.get_all(
		DOCTYPE,
		filters={
			user_field: user,
			"docstatus": 1,
			"status": ["in", IN_FORCE],
			"name": ["!=", doc.name or ""],
			"from_date": ["<=", to_date],
			"to_date": [">=", from_date],
		},
		fields=["name", "delegator", "delegate", "from_date", "to_date"],
	)


def start(doc) -> None:
	"""Gives the delegate what it lacks of the delegator's roles and agency, recording each row added."""
	roles_now = set(frappe.get_roles(doc.delegate))
	added_roles = []
	for role in delegable_roles(doc.delegator):
		if role in roles_now:
			continue
		row = frappe.get_doc(
			{
				"doctype": "Has Role",
				"parent": doc.delegate,
				"parenttype": "User",
				"parentfield": "roles",
				"role": role,
				"idx": 100 + len(added_roles),
			}
		)
		row.db_insert()
		added_roles.append({"name": row.name, "role": role})
	added_agencies = []
	# The agency is opened only while the delegator still belongs to it by its own rows (not by a row
	# another delegation lent it).
	lent = {row["agency"] for row in lent_agency_rows(doc.delegator)}
	own = doc.agency in direct_agencies(doc.delegator) and doc.agency not in lent
	if doc.agency and own and doc.agency not in get_user_agencies(doc.delegate):
		row = frappe.get_doc(
			{
				"doctype": "Agency User",
				"parent": doc.agency,
				"parenttype": "Agency",
				"parentfield": "users",
				"user": doc.delegate,
				"full_name": frappe.db.get_value("User", doc.delegate, "full_name"),
				"idx": 1000,
			}
		)
		row.db_insert()
		added_agencies.append({"name": row.name, "agency": doc.agency})
	doc.db_set(
		{
			"status": ACTIVE,
			"granted_roles": "\n".join(_(r["role"]) for r in added_roles) or None,
			"granted_agencies": "\n".join(r["agency"] for r in added_agencies) or None,
			"granted_rows": json.dumps({"Has Role": added_roles, "Agency User": added_agencies}),
		},
		update_modified=False,
	)
	_refresh_user(doc.delegate, [r["agency"] for r in added_agencies])


def end(doc, status: str = ENDED) -> None:
	"""Deletes exactly the rows the start added (a role another delegation in force still gives is
	handed over to it instead)."""
	rows = json.loads(doc.granted_rows or "{}") if doc.status == ACTIVE else {}
	for added in rows.get("Has Role", []):
		if not _hand_over_role(doc, added):
			frappe.db.delete(
				"Has Role", {"name": added["name"], "parent": doc.delegate, "role": added["role"]}
			)
	for added in rows.get("Agency User", []):
		frappe.db.delete(
			"Agency User", {"name": added["name"], "parent": added["agency"], "user": doc.delegate}
		)
	doc.db_set("status", status, update_modified=False)
	_refresh_user(doc.delegate, [r["agency"] for r in rows.get("Agency User", [])])


def _hand_over_role(doc, added: dict) -> bool:
	"""Another active delegation to the same delegate whose delegator holds the role keeps the row."""
	for other in frappe.get_all(
		DOCTYPE,
		filters={"delegate": doc.delegate, "status": ACTIVE, "docstatus": 1, "name": ["!=", doc.name]},
		fields=["name", "delegator", "granted_rows"],
	):
		if added["role"] not in delegable_roles(other.delegator):
			continue
		rows = json.loads(other.granted_rows or "{}")
		rows.setdefault("Has Role", []).append(added)
		frappe.db.set_value(DOCTYPE, other.name, "granted_rows", json.dumps(rows), update_modified=False)
		return True
	return False


def _refresh_user(user: str, agencies: list[str]) -> None:
	from chidao_dieuhanh.notifications import refresh_task_recipients

	frappe.clear_cache(user=user)
	clear_agency_cache()
	for agency in agencies:
		refresh_task_recipients(agency)


def update_delegations(day=None) -> None:
	"""Scheduler entry (hooks.py, just after midnight): ends the periods that are over, starts those that
	begin. Only the delegations due are read; each is committed on its own."""
	day = getdate(day or today())
	due = frappe.get_all(
		DOCTYPE,
		filters={"docstatus": 1, "status": ACTIVE, "to_date": ["<", day]},
		pluck="name",
		order_by="to_date asc",
	) + frappe.get_all(
		DOCTYPE,
		filters={"docstatus": 1, "status": SCHEDULED, "from_date": ["<=", day]},
		pluck="name",
		order_by="from_date asc",
	)
	for name in due:
		try:
			doc = frappe.get_doc(DOCTYPE, name)
			if doc.status == ACTIVE or getdate(doc.to_date) < day:
				end(doc)
			else:
				start(doc)
			frappe.db.commit()  # nosemgrep: each delegation starts or ends on its own
		except Exception:
			frappe.db.rollback()
			frappe.log_error(f"Work Delegation {name} could not be updated", reference_doctype=DOCTYPE)


def end_expired_for(user: str) -> None:
	"""Background job: the periods over of this delegate end now, without waiting for the night."""
	day = getdate(today())
	for name in frappe.get_all(
		DOCTYPE,
		filters={"delegate": user, "docstatus": 1, "status": ACTIVE, "to_date": ["<", day]},
		pluck="name",
	):
		end(frappe.get_doc(DOCTYPE, name))


# --------------------------------------------------------------------------------------------------
# Notifications: the delegates of the recipients who are away
# --------------------------------------------------------------------------------------------------


def delegate_emails(emails: list[str], day=None) -> list[str]:
	"""E-mail addresses of the enabled delegates of these recipients whose delegation covers `day`."""
	emails = [e.strip() for e in emails if e and e.strip()]
	if not emails:
		return []
	day = getdate(day or today())
	delegation = frappe.qb.DocType(DOCTYPE)
	delegator = frappe.qb.DocType("User").as_("delegator")
	delegate = frappe.qb.DocType("User").as_("delegate")
	return (
		frappe.qb.from_(delegation)
		.join(delegator)
		.on(delegator.name == delegation.delegator)
		.join(delegate)
		.on(delegate.name == delegation.delegate)
		.select(delegate.email)
		.distinct()
		.where(
			delegator.email.isin(emails)
			& (delegation.docstatus == 1)
			& delegation.status.isin(IN_FORCE)
			& (delegation.from_date <= day)
			& (delegation.to_date >= day)
			& (delegate.enabled == 1)
			& delegate.email.isnotnull()
		)
	).run(pluck=True)


class DelegatingNotification(Notification):
	"""Frappe's Notification, whose recipients about the app's documents include the delegates of the
	recipients who are away (e-mail and in-app alike)."""

	def get_list_of_recipients(self, doc, context):
		recipients, cc, bcc = super().get_list_of_recipients(doc, context)
		if frappe.get_meta(doc.doctype).module != APP_MODULE:
			return recipients, cc, bcc
		extra = delegate_emails(recipients + cc + bcc)
		return list(dict.fromkeys(recipients + extra)), cc, bcc


# --------------------------------------------------------------------------------------------------
# Workflow actions taken by a delegate
# --------------------------------------------------------------------------------------------------


def _workflow_state_change(doc) -> tuple[str, str] | None:
	"""(previous, new) workflow state of an app document that a workflow action is moving."""
	if doc.meta.module != APP_MODULE or doc.meta.istable or doc.is_new():
		return None
	from frappe.model.workflow import get_workflow_name

	workflow_name = get_workflow_name(doc.doctype)
	if not workflow_name:
		return None
	field = frappe.get_cached_value("Workflow", workflow_name, "workflow_state_field")
	before = doc.get_doc_before_save()
	if not before or before.get(field) == doc.get(field):
		return None
	return before.get(field), doc.get(field)


def refuse_action_after_period(doc, method=None) -> None:
	"""A delegate whose period is over (the nightly job not run yet) takes no more workflow actions with
	the delegator's roles: the period is ended in the background and the action refused."""
	user = frappe.session.user
	if user == "Administrator" or doc.flags.ignore_permissions or not _workflow_state_change(doc):
		return
	expired = frappe.get_all(
		DOCTYPE,
		filters={"delegate": user, "docstatus": 1, "status": ACTIVE, "to_date": ["<", getdate(today())]},
		fields=["name", "delegator_name", "to_date"],
		limit=1,
	)
	if not expired:
		return
	frappe.enqueue(
		"chidao_dieuhanh.delegation.end_expired_for",
		user=user,
		job_id=f"chidao_dieuhanh:end_delegations:{user}",
		deduplicate=True,
	)
	frappe.throw(
		_("Your delegation from {0} ended on {1}: the action is no longer yours. Reload the page.").format(
			expired[0].delegator_name, frappe.format(expired[0].to_date, "Date")
		),
		DelegationEnded,
		title=_("Delegation Ended"),
	)


def record_action_on_behalf(doc, method=None) -> None:
	"""A workflow action a delegate takes with what the delegation gave it (a role, an agency) or on a
	task the delegator tracks is written on the document: "X, on behalf of Y"."""
	change = _workflow_state_change(doc)
	user = frappe.session.user
	if not change or user in ("Administrator", "Guest"):
		return
	day = getdate(today())
	delegations = frappe.get_all(
		DOCTYPE,
		filters={
			"delegate": user,
			"docstatus": 1,
			"status": ACTIVE,
			"from_date": ["<=", day],
			"to_date": [">=", day],
		},
		fields=["name", "delegator", "delegator_name", "granted_rows"],
	)
	if not delegations:
		return
	used_roles = _transition_roles(doc, *change) & set(frappe.get_roles(user))
	task = doc.name if doc.doctype == "Directive Task" else doc.get("task")
	lead_agency, tracking_officer = (
		frappe.db.get_value("Directive Task", task, ["lead_agency", "tracking_officer"]) if task else None
	) or (None, None)
	for delegation in delegations:
		rows = json.loads(delegation.granted_rows or "{}")
		on_behalf = acts_on_behalf(
			used_roles,
			{r["role"] for r in rows.get("Has Role", [])},
			{r["agency"] for r in rows.get("Agency User", [])},
			lead_agency,
			tracking_officer == delegation.delegator,
		)
		if on_behalf:
			doc.add_comment(
				"Info",
				_("{0}, on behalf of {1} (delegation {2}): {3}").format(
					frappe.utils.get_fullname(user),
					delegation.delegator_name or delegation.delegator,
					delegation.name,
					_(change[1], context="Workflow State"),
				),
			)
			return


def acts_on_behalf(
	used_roles: set[str],
	given_roles: set[str],
	given_agencies: set[str],
	lead_agency: str | None,
	delegator_tracks_task: bool,
) -> bool:
	"""Whether a delegate's action was the delegator's: taken only with roles the delegation gave (the
	delegate holds no role of its own that allows it), on a task of an agency the delegation opened, or on
	a task the delegator tracks."""
	return bool(
		(used_roles and used_roles <= given_roles)
		or (lead_agency and lead_agency in given_agencies)
		or delegator_tracks_task
	)


def _transition_roles(doc, previous: str, new: str) -> set[str]:
	from frappe.model.workflow import get_workflow_name

	workflow = frappe.get_cached_doc("Workflow", get_workflow_name(doc.doctype))
	return {t.allowed for t in workflow.transitions if t.state == previous and t.next_state == new}
