"""A leader's phone: the first screen of the workspace, the statistics report, the overdue list and the task
list at 390 x 844 (a phone held upright), for a leader and an agency focal point; the same pages on a
desktop. Every page: the four national counts and the first rows in the first screen, at most three
filters in sight, no sideways scrolling, chart labels apart, no JavaScript error. Screenshots of every
page go to the artefacts folder."""

from urllib.parse import quote

import pytest
from conftest import Desk

LEADER = "chutich@demo.gov.vn"
FOCAL_POINT = "stc@demo.gov.vn"
WORKSPACES = {LEADER: "Chỉ đạo điều hành", FOCAL_POINT: "Nhiệm vụ của đơn vị"}
STATISTICS = "Task Statistics by Agency"
OVERDUE = "Overdue Tasks"
NATIONAL_COUNTS = {
	"completed_on_time": "Completed On Time",
	"completed_late": "Completed Late",
	"open_within_deadline": "Open Within Deadline",
	"open_overdue": "Open Overdue",
}
WORST_AGENCIES_CHART = "Agencies with the Most Overdue Tasks"
PHONE = {
	"viewport": {"width": 390, "height": 844},
	"device_scale_factor": 3,
	"is_mobile": True,
	"has_touch": True,
}
DESKTOP = {"viewport": {"width": 1366, "height": 768}}
MAX_FILTERS = 3


# --------------------------------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------------------------------


def open_workspace(desk: Desk, title: str) -> None:
	desk.goto("/app/" + quote(desk.page.evaluate("(title) => frappe.router.slug(title)", title)))
	desk.page.wait_for_function(
		"() => document.querySelectorAll('.number-widget-box').length"
		" && [...document.querySelectorAll('.number-widget-box')].every((card) =>"
		" card.querySelector('.number') && card.querySelector('.number').textContent.trim())"
	)
	wait_for_charts(desk)


def open_report(desk: Desk, report: str) -> list[dict]:
	desk.goto("/app/query-report/" + quote(report))
	desk.page.wait_for_function(
		"(report) => frappe.query_report && frappe.query_report.report_name === report"
		" && frappe.query_report.data && !frappe.query_report.loading",
		arg=report,
	)
	desk.page.wait_for_selector(".report-summary .summary-value", timeout=30_000)
	wait_for_charts(desk)
	return desk.page.evaluate("() => frappe.query_report.data")


def open_task_list(desk: Desk, query: str = "") -> None:
	desk.goto("/app/directive-task" + query)
	desk.page.wait_for_function(
		"() => window.cur_list && cur_list.doctype === 'Directive Task' && cur_list.data"
		" && document.querySelector('.list-row-container')"
	)
	desk.wait_idle()


def wait_for_charts(desk: Desk) -> None:
	"""Every chart drawn (or told it has no data), after its entry animation."""
	desk.wait_idle()
	desk.page.wait_for_function(
		"() => [...document.querySelectorAll('.dashboard-widget-box')].every((chart) =>"
		" chart.querySelector('svg') || [...chart.querySelectorAll('.chart-loading-state')]"
		".some((state) => state.offsetParent && state.textContent.trim() === __('No Data')))"
	)
	desk.page.wait_for_timeout(1000)


# --------------------------------------------------------------------------------------------------
# What the first screen holds
# --------------------------------------------------------------------------------------------------


def box(desk: Desk, locator) -> dict:
	found = locator.bounding_box()
	assert found, f"{locator} is not drawn"
	return found


def assert_in_first_screen(desk: Desk, locator, what: str) -> None:
	"""`what` is drawn whole inside the first screen, the page not scrolled."""
	assert desk.page.evaluate("() => window.scrollY") == 0
	found = box(desk, locator)
	width, height = desk.page.viewport_size["width"], desk.page.viewport_size["height"]
	assert found["y"] >= 0 and found["y"] + found["height"] <= height, (
		f"{what} is not in the first screen: {found}"
	)
	assert found["x"] >= 0 and found["x"] + found["width"] <= width + 0.5, f"{what} is cut: {found}"


def assert_page_fits(desk: Desk) -> None:
	"""No sideways scrolling of the page (a wide table scrolls inside its own frame)."""
	widths = desk.page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
	assert widths[0] <= widths[1], f"the page scrolls sideways: {widths[0]} px wide in {widths[1]} px"


def visible_filters(desk: Desk) -> list[str]:
	return desk.page.evaluate(
		"() => [...document.querySelectorAll('.page-form .frappe-control')]"
		".filter((control) => control.offsetParent && control.getBoundingClientRect().height)"
		".map((control) => control.dataset.fieldname)"
	)


def assert_few_filters(desk: Desk) -> None:
	filters = visible_filters(desk)
	assert 0 < len(filters) <= MAX_FILTERS, f"{len(filters)} filters in sight: {filters}"


def assert_chart_labels_apart(desk: Desk) -> None:
	"""The labels of every chart (axis labels, legend entries) overlap none of their neighbours and stay
	inside their chart."""
	problems = desk.page.evaluate(
		"""() => {
			const problems = [];
			for (const svg of document.querySelectorAll('.frappe-chart svg, .chart-wrapper svg')) {
				// The chart's visible frame: its widget or the report's chart area, which clip it.
				const frame = (svg.closest('.widget, .chart-wrapper') || svg).getBoundingClientRect();
				const labels = [...svg.querySelectorAll('.x.axis text, .chart-legend text.legend-dataset-label')]
					.filter((text) => text.textContent.trim())
					.map((text) => [text.textContent, text.getBoundingClientRect()]);
				for (const [label, rect] of labels) {
					if (rect.left < frame.left - 1 || rect.right > frame.right + 1
						|| rect.top < frame.top - 1 || rect.bottom > frame.bottom + 1) {
						problems.push(`${label} leaves its chart`);
					}
				}
				for (let i = 0; i < labels.length; i++) {
					for (let j = i + 1; j < labels.length; j++) {
						const [a, ra] = labels[i], [b, rb] = labels[j];
						const apart = ra.right <= rb.left + 1 || rb.right <= ra.left + 1
							|| ra.bottom <= rb.top + 1 || rb.bottom <= ra.top + 1;
						if (!apart) problems.push(`${a} overlaps ${b}`);
					}
				}
			}
			return problems;
		}"""
	)
	assert not problems, "chart labels: " + "; ".join(problems)


def number_card(desk: Desk, label: str):
	"""The workspace's number card titled `label` (in the user's language)."""
	title = desk.translate(label)
	return desk.page.locator(".number-widget-box").filter(
		has=desk.page.locator(".widget-title", has_text=title)
	)


def card_number(desk: Desk, label: str) -> int:
	text = number_card(desk, label).locator(".number").first.text_content()
	return int("".join(ch for ch in text if ch.isdigit()))


def summary_item(desk: Desk, label: str):
	title = desk.translate(label)
	return desk.page.locator(".report-summary .summary-item").filter(
		has=desk.page.get_by_text(title, exact=True)
	)


def summary_number(desk: Desk, label: str) -> int:
	text = summary_item(desk, label).locator(".summary-value").first.text_content()
	return int("".join(ch for ch in text if ch.isdigit()))


def first_row_cell(desk: Desk, text: str):
	"""The cell holding `text` in the report table's first row (a wide table scrolls inside its frame)."""
	row = desk.page.locator(".report-wrapper .dt-scrollable .dt-row").first
	return row.locator(".dt-cell__content", has_text=text).first


def chart_titled(desk: Desk, title: str):
	return desk.page.locator(".dashboard-widget-box, .chart-wrapper").filter(
		has=desk.page.get_by_text(desk.translate(title), exact=True)
	)


# --------------------------------------------------------------------------------------------------
# On a phone
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("user", [LEADER, FOCAL_POINT])
def test_first_screens_on_a_phone(desk, user):
	desk = desk(user, PHONE)

	# The statistics: the four national counts, the worst agencies and the first agencies' rows.
	rows = open_report(desk, STATISTICS)
	desk.screenshot("phone-statistics")
	total = next(row for row in rows if row.get("is_total_row"))
	agencies = [row for row in rows if not row.get("is_total_row")]
	assert agencies, "the demo province has tasks this year"
	for count, label in NATIONAL_COUNTS.items():
		assert_in_first_screen(desk, summary_item(desk, label), label)
		assert summary_number(desk, label) == total[count]
	assert_in_first_screen(desk, first_row_cell(desk, agencies[0]["agency"]), "the first agency's row")
	if user == LEADER:
		worst = chart_titled(desk, WORST_AGENCIES_CHART)
		assert_in_first_screen(desk, worst, "the agencies with the most overdue tasks")
		legend = worst.locator(".legend-dataset-label").all_text_contents()
		assert len(legend) >= 3 and all(len(name) <= 20 for name in legend), legend
	assert_few_filters(desk)
	assert_chart_labels_apart(desk)
	assert_page_fits(desk)

	# The other filters are a tap away, and a tap hides them again.
	desk.page.locator('.page-form input[data-fieldname="more_filters"]').check()
	assert {"sector", "directing_leader", "source_type"} <= set(visible_filters(desk))
	desk.screenshot("phone-statistics-more-filters")
	assert_page_fits(desk)
	desk.page.locator('.page-form input[data-fieldname="more_filters"]').uncheck()
	assert_few_filters(desk)

	# The workspace: the four national counts (the statistics' first period) and the worst agencies.
	open_workspace(desk, WORKSPACES[user])
	desk.screenshot("phone-workspace")
	if user == LEADER:
		for count, label in NATIONAL_COUNTS.items():
			assert_in_first_screen(desk, number_card(desk, label), label)
			assert card_number(desk, label) == total[count], label
		assert_in_first_screen(
			desk, chart_titled(desk, WORST_AGENCIES_CHART), "the agencies with the most overdue tasks"
		)
	else:
		cards = desk.page.locator(".number-widget-box")
		assert cards.count() == 4
		for i in range(4):
			assert_in_first_screen(desk, cards.nth(i), f"number card {i + 1}")
	assert_chart_labels_apart(desk)
	assert_page_fits(desk)

	# The overdue list: the national counts over all the tasks given, the worst agencies, the tasks.
	overdue = open_report(desk, OVERDUE)
	desk.screenshot("phone-overdue")
	for label in NATIONAL_COUNTS.values():
		assert_in_first_screen(desk, summary_item(desk, label), label)
	assert summary_number(desk, "Open Overdue") == len(overdue)
	if overdue:
		assert_in_first_screen(desk, first_row_cell(desk, overdue[0]["task"]), "the first overdue task")
	if user == LEADER:
		assert overdue, "the demo province has overdue tasks"
		assert_in_first_screen(
			desk, chart_titled(desk, WORST_AGENCIES_CHART), "the agencies with the most overdue tasks"
		)
	assert_few_filters(desk)
	assert_chart_labels_apart(desk)
	assert_page_fits(desk)

	# The task list, all of it and its overdue tasks: three filters, then the tasks.
	for query, step in (("", "phone-task-list"), ("?deadline_status=Overdue", "phone-task-list-overdue")):
		open_task_list(desk, query)
		desk.screenshot(step)
		assert_few_filters(desk)
		assert_in_first_screen(desk, desk.page.locator(".list-row-container").first, "the first task")
		assert_page_fits(desk)


# --------------------------------------------------------------------------------------------------
# On a desktop
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("user", [LEADER, FOCAL_POINT])
def test_the_same_pages_on_a_desktop(desk, user):
	desk = desk(user, DESKTOP)
	rows = open_report(desk, STATISTICS)
	desk.screenshot("desktop-statistics")
	total = next(row for row in rows if row.get("is_total_row"))
	for count, label in NATIONAL_COUNTS.items():
		assert summary_number(desk, label) == total[count]
	# On a desktop every filter is in sight at first.
	assert {"period", "agency", "sector", "directing_leader", "source_type", "agency_role"} <= set(
		visible_filters(desk)
	)
	assert_chart_labels_apart(desk)
	assert_page_fits(desk)

	open_workspace(desk, WORKSPACES[user])
	desk.screenshot("desktop-workspace")
	if user == LEADER:
		for count, label in NATIONAL_COUNTS.items():
			assert card_number(desk, label) == total[count], label
	assert_chart_labels_apart(desk)
	assert_page_fits(desk)

	open_report(desk, OVERDUE)
	desk.screenshot("desktop-overdue")
	assert_chart_labels_apart(desk)
	assert_page_fits(desk)

	open_task_list(desk, "?deadline_status=Overdue")
	desk.screenshot("desktop-task-list-overdue")
	assert_page_fits(desk)
