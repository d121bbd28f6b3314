// Copyright (c) 2026, chidao_dieuhanh contributors
// For license information, please see license.txt

// Filters, number links and chart upkeep shared by the task statistics reports (their scripts use
// chidao_dieuhanh.task_statistics, loaded with the desk from chidao_dieuhanh.bundle.js).
frappe.provide("chidao_dieuhanh.task_statistics");

// The desk's one report view draws a new chart on every refresh without stopping the chart it replaces,
// whose resize observer then redraws into a removed SVG ("removeChild"). The chart seen last is stopped as
// soon as another one has taken its place.
let seen_chart = null;

function stop_replaced_chart(report) {
	if (seen_chart && seen_chart !== report.chart) seen_chart.destroy();
	seen_chart = report.chart;
}

Object.assign(chidao_dieuhanh.task_statistics, {
	// Period presets: each sets the period's first and last day, counted from today.
	periods: {
		"This Week": () => [frappe.datetime.week_start(), frappe.datetime.week_end()],
		"This Month": () => [frappe.datetime.month_start(), frappe.datetime.month_end()],
		"This Quarter": () => [frappe.datetime.quarter_start(), frappe.datetime.quarter_end()],
		"First 6 Months": () => [
			frappe.datetime.year_start(),
			`${frappe.datetime.str_to_obj(frappe.datetime.get_today()).getFullYear()}-06-30`,
		],
		"First 9 Months": () => [
			frappe.datetime.year_start(),
			`${frappe.datetime.str_to_obj(frappe.datetime.get_today()).getFullYear()}-09-30`,
		],
		"This Year": () => [frappe.datetime.year_start(), frappe.datetime.year_end()],
		"Last Year": () => {
			const year = frappe.datetime.str_to_obj(frappe.datetime.get_today()).getFullYear() - 1;
			return [`${year}-01-01`, `${year}-12-31`];
		},
	},

	// The filters of the statistics reports. On a phone only the `primary` ones are in sight: "More
	// Filters" shows the others (on a desktop it is ticked at first).
	filters({
		date_basis = "Assignment Date",
		agency_role = false,
		period = "This Year",
		primary = ["period", "agency"],
	} = {}) {
		const me = chidao_dieuhanh.task_statistics;
		const [from_date, to_date] = me.periods[period]();
		const filters = [
			{
				fieldname: "period",
				label: __("Period", null, "Task Statistics"),
				fieldtype: "Select",
				options: [
					{ value: "", label: __("Custom", null, "Task Statistics") },
					...Object.keys(me.periods).map((p) => ({
						value: p,
						label: __(p, null, "Task Statistics"),
					})),
				],
				default: period,
				on_change(report) {
					const preset = report.get_filter_value("period");
					if (!preset) return;
					const [from, to] = me.periods[preset]();
					report.set_filter_value({ from_date: from, to_date: to });
				},
			},
			{
				fieldname: "from_date",
				label: __("From Date"),
				fieldtype: "Date",
				default: from_date,
			},
			{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: to_date },
			{
				fieldname: "date_basis",
				label: __("Period By"),
				fieldtype: "Select",
				options: [
					{ value: "Assignment Date", label: __("Assignment Date") },
					{ value: "Deadline", label: __("Deadline") },
				],
				default: date_basis,
			},
			{
				fieldname: "directing_leader",
				label: __("Directing Leader"),
				fieldtype: "Link",
				options: "User",
			},
			{ fieldname: "sector", label: __("Sector"), fieldtype: "Link", options: "Sector" },
			{ fieldname: "agency", label: __("Agency"), fieldtype: "Link", options: "Agency" },
			{
				fieldname: "source_type",
				label: __("Source Type"),
				fieldtype: "Select",
				options: [
					{ value: "", label: "" },
					{ value: "Official Document", label: __("Official Document") },
					{ value: "Meeting Conclusion", label: __("Meeting Conclusion") },
					{ value: "Leader Instruction", label: __("Leader Instruction") },
				],
			},
		];
		if (agency_role) {
			filters.push({
				fieldname: "agency_role",
				label: __("Count Agencies As"),
				fieldtype: "Select",
				options: [
					{ value: "Lead", label: __("Lead") },
					{ value: "Coordinator", label: __("Coordinator") },
					{ value: "Lead and Coordinator", label: __("Lead and Coordinator") },
				],
				default: "Lead",
			});
		}
		return me.with_more_filters(filters, primary);
	},

	// A filter out of the `primary` ones shows when "More Filters" is ticked or when it holds a value of
	// its own (a number's link, the address bar), so no filter is ever at work unseen; the period's dates
	// show for a custom period.
	with_more_filters(filters, primary) {
		for (const filter of filters) {
			if (primary.includes(filter.fieldname)) continue;
			const own_value = ["from_date", "to_date"].includes(filter.fieldname)
				? "!doc.period"
				: `(doc.${filter.fieldname} || "") !== ${JSON.stringify(filter.default || "")}`;
			filter.depends_on = `eval:doc.more_filters || ${own_value}`;
		}
		filters.push({
			fieldname: "more_filters",
			label: __("More Filters"),
			fieldtype: "Check",
			default: frappe.is_mobile() ? 0 : 1,
			// Showing filters changes no number: the report is not run again.
			on_change() {},
		});
		return filters;
	},

	// Before the report runs: the chart on the page may be another report's.
	onload(report) {
		stop_replaced_chart(report);
	},

	// After every run that found rows: the chart drawn with them replaced the one before.
	after_datatable_render() {
		stop_replaced_chart(frappe.query_report);
	},

	// A count opens the task list with the tasks it counts: the row's filters plus the column's statuses.
	formatter(value, row, column, data, default_formatter) {
		if (data && data.is_total_row && column.fieldtype === "Link") {
			return `<b>${frappe.utils.escape_html(value || "")}</b>`;
		}
		const title = data && column.fieldtype === "Link" && data[`${column.fieldname}_title`];
		if (title) frappe.utils.add_link_title(column.options, value, title);
		let formatted = default_formatter(value, row, column, data);
		if (data && data.is_total_row) formatted = `<b>${formatted}</b>`;
		if (!data || !data.task_filters || !column.statuses || !value) return formatted;
		const route = Object.assign({}, data.task_filters, {
			deadline_status: ["in", column.statuses],
		});
		const query = Object.entries(route)
			.map(([field, filter]) => {
				const encoded = typeof filter === "string" ? filter : JSON.stringify(filter);
				return `${encodeURIComponent(field)}=${encodeURIComponent(encoded)}`;
			})
			.join("&");
		return `<a class="chidao-task-count" href="/app/directive-task?${query}">${formatted}</a>`;
	},
});
