// Copyright (c) 2026, chidao_dieuhanh contributors
// For license information, please see license.txt

frappe.query_reports["Task Statistics by Period"] = {
	filters: [
		{
			fieldname: "period_type",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Week", label: __("Week") },
				{ value: "Month", label: __("Month") },
				{ value: "Quarter", label: __("Quarter") },
				{ value: "Half-Year", label: __("Half-Year") },
				{ value: "Year", label: __("Year") },
			],
			default: "Month",
		},
		...chidao_dieuhanh.task_statistics.filters({ primary: ["period"] }),
	],
	formatter: chidao_dieuhanh.task_statistics.formatter,
	onload: chidao_dieuhanh.task_statistics.onload,
	after_datatable_render: chidao_dieuhanh.task_statistics.after_datatable_render,
};
