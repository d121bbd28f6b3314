// Copyright (c) 2026, chidao_dieuhanh contributors
// For license information, please see license.txt

frappe.query_reports["Task Statistics by Agency"] = {
	filters: chidao_dieuhanh.task_statistics.filters({ agency_role: true }),
	formatter: chidao_dieuhanh.task_statistics.formatter,
	onload: chidao_dieuhanh.task_statistics.onload,
	after_datatable_render: chidao_dieuhanh.task_statistics.after_datatable_render,
};
