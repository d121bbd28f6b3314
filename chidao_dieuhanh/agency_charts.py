"""Agencies in charts: their short names, and the chart of the agencies with the most overdue tasks that
the leaders' workspace and the statistics and overdue reports show.

A chart on a phone has room for a dozen letters per agency: "Sở Văn hóa, Thể thao và Du lịch" is
written "Sở VHTT&DL", "UBND phường Hòa An Bắc" "P. Hòa An Bắc". The agency's own short name (the first line of
its Short Names, the shortest if it has several) comes first.
"""

import re
import unicodedata

import frappe
from frappe import _

from chidao_dieuhanh import deadlines

# "UBND <unit> <place>": the commune-level unit (since 1 July 2025) as written before a place name in tables.
UNIT_ABBREVIATIONS = {
	"phường": "P.",
	"xã": "X.",
	"đặc khu": "ĐK.",
}
# Type words kept in front of the initials ("Sở TN&MT", "Ban QLDA").
INITIAL_HEADS = ("Sở", "Ban")
# Names up to this length are short enough as they are.
SHORT_ENOUGH = 16
# The agencies a chart shows: a phone has room for two rows of the chart's legend, two names a row.
WORST_AGENCIES = 4
WORD = re.compile(r"[^\s,\-–]+")


def short_name(name: str, short_names: str | None = None) -> str:
	"""The name an agency goes by in a chart."""
	listed = [line.strip() for line in (short_names or "").splitlines() if line.strip()]
	if listed:
		return min(listed, key=len)
	words = WORD.findall(name or "")
	if not words:
		return name or ""
	if words[0] == "UBND" and len(words) > 2:
		return _unit_with_place(words[1:]) or name
	rest = words[1:-1] if words[-1] == "tỉnh" else words[1:]
	if words[0] in INITIAL_HEADS and len(rest) > 2:
		return f"{words[0]} {_initials(rest)}"
	if len(name) <= SHORT_ENOUGH:
		return name
	if words[-1] == "tỉnh":
		return f"{_initials(words[:-1])} tỉnh"
	return _initials(words)


def _unit_with_place(words: list[str]) -> str | None:
	for unit, abbreviation in UNIT_ABBREVIATIONS.items():
		size = len(unit.split())
		if " ".join(words[:size]).lower() == unit and len(words) > size:
			return " ".join([abbreviation, *words[size:]])
	return None


def _initials(words: list[str]) -> str:
	""" "KH&ĐT" for "Kế hoạch và Đầu tư": first letters in capitals without their tone and vowel marks
	(Đ is a letter of its own), "và" as "&"."""
	letters = []
	for word in words:
		if word.lower() in ("và", "&"):
			letters.append("&")
		else:
			letters.append(unicodedata.normalize("NFD", word)[0].upper())
	return "".join(letters).strip("&")


def short_names(agencies: list[str]) -> dict[str, str]:
	"""Agency name -> its short name, for the agencies given."""
	if not agencies:
		return {}
	rows = frappe.get_all(
		"Agency", filters={"name": ["in", list(agencies)]}, fields=["name", "short_names"], order_by="lft"
	)
	listed = {row.name: row.short_names for row in rows}
	return {agency: short_name(agency, listed.get(agency)) for agency in agencies}


def worst_agencies(rows: list[dict], limit: int = WORST_AGENCIES) -> list[dict]:
	"""The rows (with `agency` and the national counts) of the agencies with the most open overdue tasks,
	then the most completed late; only agencies with some."""
	bad = [row for row in rows if row.get("open_overdue") or row.get("completed_late")]
	bad.sort(key=lambda row: (-row.get("open_overdue", 0), -row.get("completed_late", 0), row["agency"]))
	return bad[:limit]


def overdue_chart_data(rows: list[dict], limit: int = WORST_AGENCIES) -> dict | None:
	"""Labels and datasets of the chart of the agencies with the most open overdue tasks: each agency's
	share of them, as a chart on a phone can show it (a bar per agency has no room for its name)."""
	worst = [row for row in worst_agencies(rows, limit) if row.get("open_overdue")]
	if not worst:
		return None
	names = short_names([row["agency"] for row in worst])
	return {
		"labels": [names[row["agency"]] for row in worst],
		"datasets": [{"name": _("Open Overdue"), "values": [row["open_overdue"] for row in worst]}],
	}


def overdue_chart(rows: list[dict], limit: int = WORST_AGENCIES) -> dict | None:
	"""The report chart of `overdue_chart_data`."""
	data = overdue_chart_data(rows, limit)
	if not data:
		return None
	return {
		"title": _("Agencies with the Most Overdue Tasks"),
		"data": data,
		"type": "percentage",
		"colors": overdue_colours(len(data["labels"])),
		"maxSlices": limit,
	}


def overdue_colours(count: int) -> list[str]:
	"""Red first, then the colours of the other counts, so neighbouring slices stand apart."""
	palette = ["red", "orange", "yellow", "purple", "pink", "grey", "cyan", "teal"]
	first = deadlines.STATUS_COLOURS[deadlines.OVERDUE]
	colours = [first, *[c for c in palette if c != first]]
	return colours[:count]
