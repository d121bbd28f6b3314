# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

"""Agencies ranked on their results over a period, for emulation and rewards (thi đua, khen thưởng).

Each task an agency leads or coordinates and that has been judged in the period — completed on time,
completed late, or still open past its deadline — earns the points set in Directive Settings, weighted by
the agency's role in it. An agency's score is its weighted average of points per task:

    score = sum(role weight x points) / sum(role weight)

so that agencies with many or few tasks compare fairly, less the points Directive Settings deducts for each
explanation request asked of the agency in the period and not explained in time or refused. Tasks still within their deadline and cancelled
ones are not judged. The previous period is the one of the same length just before.
"""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.utils import flt

from chidao_dieuhanh import explanations, task_counts
from chidao_dieuhanh.settings import explanation_penalty, get_float
from chidao_dieuhanh.task_counts import COORDINATOR, LEAD, LEAD_AND_COORDINATOR

POINT_FIELDS = {
	"completed_on_time": "score_on_time",
	"completed_late": "score_late",
	"open_overdue": "score_not_done",
}
WEIGHT_FIELDS = {LEAD: "weight_lead", COORDINATOR: "weight_coordinator"}
JUDGED = tuple(POINT_FIELDS)


class PeriodRequired(frappe.ValidationError):
	pass


def execute(filters: dict | None = None):
	filters = task_counts.parse_filters({**(filters or {}), "agency_role": LEAD_AND_COORDINATOR})
	if not (filters.from_date and filters.to_date):
		frappe.throw(_("Choose the period to rank the agencies on."), PeriodRequired)
	ranking = rank_agencies(filters)
	scope = task_counts.agency_scope(filters)
	if scope is not None:
		ranking = [row for row in ranking if row["agency"] in set(scope)]
	return columns(), ranking, None, chart(ranking)


def ranking_settings() -> frappe._dict:
	"""Points and weights from Directive Settings (their defaults when never saved)."""
	return frappe._dict(
		{field: get_float(field) for field in (*POINT_FIELDS.values(), *WEIGHT_FIELDS.values())}
	)


def rank_agencies(filters: frappe._dict) -> list[dict]:
	"""Scores and ranks of every agency in the chosen agency's tree (all agencies if none), this period
	and the previous one, from one GROUP BY over both periods."""
	current_from = filters.from_date
	previous_from, _previous_to = task_counts.previous_period(filters.from_date, filters.to_date)
	date_field = task_counts.DATE_FIELDS[filters.date_basis]
	both_periods = frappe._dict(filters, from_date=previous_from)
	scope = task_counts.agency_with_sub_units(filters.agency) if filters.get("agency") else None
	counts = task_counts.counts_by_agency(
		both_periods,
		scope,
		extra_groups=[(lambda task: Case().when(task[date_field] >= current_from, 1).else_(0), "is_current")],
	)
	settings = ranking_settings()
	current, previous = {}, {}
	for row in counts:
		by_agency = current if int(row["is_current"]) else previous
		agency = by_agency.setdefault(row["agency"], new_score(row["agency"]))
		add_counts(agency, row, settings)
	not_accepted = explanations.not_accepted_by_agency(current_from, filters.to_date, previous_from)
	for is_current, by_agency in ((1, current), (0, previous)):
		for agency in by_agency.values():
			agency["explanations_not_accepted"] = not_accepted.get((agency["agency"], is_current), 0)
	penalty = explanation_penalty()
	ranked = rank(current, penalty)
	previous_ranks = {row["agency"]: row for row in rank(previous, penalty)}
	for row in ranked:
		before = previous_ranks.get(row["agency"])
		row["previous_score"] = before["score"] if before else None
		row["previous_rank"] = before["rank"] if before else None
		row["rank_change"] = before["rank"] - row["rank"] if before else None
	return ranked


def new_score(agency: str) -> dict:
	return {
		"agency": agency,
		"lead_tasks": 0,
		"coordinator_tasks": 0,
		**{column: 0 for column in JUDGED},
		"points": 0.0,
		"weight": 0.0,
	}


def add_counts(agency: dict, row: dict, settings: frappe._dict) -> None:
	weight = settings[WEIGHT_FIELDS[row["agency_role"]]]
	judged = sum(int(row[column] or 0) for column in JUDGED)
	agency["lead_tasks" if row["agency_role"] == LEAD else "coordinator_tasks"] += judged
	for column, points_field in POINT_FIELDS.items():
		count = int(row[column] or 0)
		agency[column] += count
		agency["points"] += weight * count * settings[points_field]
	agency["weight"] += weight * judged


def rank(agencies: dict[str, dict], penalty: float = 0.0) -> list[dict]:
	"""Agencies with judged tasks, best score first (never below 0 for the explanations deducted); equal
	scores share a rank (1, 2, 2, 4)."""
	scored = []
	for agency in agencies.values():
		if not agency["weight"]:
			continue
		deducted = penalty * agency.get("explanations_not_accepted", 0)
		agency["score"] = round(max(agency.pop("points") / agency.pop("weight") - deducted, 0), 2)
		scored.append(agency)
	scored.sort(key=lambda row: (-row["score"], row["agency"]))
	for position, row in enumerate(scored):
		same_as_above = position and row["score"] == scored[position - 1]["score"]
		row["rank"] = scored[position - 1]["rank"] if same_as_above else position + 1
	return scored


def columns() -> list[dict]:
	labels = task_counts.count_labels()
	return [
		{"fieldname": "rank", "label": _("Rank"), "fieldtype": "Int", "width": 70},
		{"fieldname": "agency", "label": _("Agency"), "fieldtype": "Link", "options": "Agency", "width": 260},
		{"fieldname": "score", "label": _("Score"), "fieldtype": "Float", "precision": 2, "width": 90},
		{"fieldname": "lead_tasks", "label": _("Tasks as Lead"), "fieldtype": "Int", "width": 100},
		{
			"fieldname": "coordinator_tasks",
			"label": _("Tasks as Coordinator"),
			"fieldtype": "Int",
			"width": 120,
		},
		{
			"fieldname": "completed_on_time",
			"label": labels["completed_on_time"],
			"fieldtype": "Int",
			"width": 110,
		},
		{"fieldname": "completed_late", "label": labels["completed_late"], "fieldtype": "Int", "width": 110},
		{"fieldname": "open_overdue", "label": labels["open_overdue"], "fieldtype": "Int", "width": 110},
		{
			"fieldname": "explanations_not_accepted",
			"label": _("Explanations Not Accepted"),
			"fieldtype": "Int",
			"width": 110,
		},
		{
			"fieldname": "previous_score",
			"label": _("Previous Score"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 100,
		},
		{"fieldname": "previous_rank", "label": _("Previous Rank"), "fieldtype": "Int", "width": 100},
		{"fieldname": "rank_change", "label": _("Change"), "fieldtype": "Int", "width": 80},
	]


def chart(ranking: list[dict]) -> dict | None:
	if not ranking:
		return None
	return {
		"data": {
			"labels": [row["agency"] for row in ranking],
			"datasets": [{"name": _("Score"), "values": [row["score"] for row in ranking]}],
		},
		"type": "bar",
		"colors": ["#5e64ff"],
	}
