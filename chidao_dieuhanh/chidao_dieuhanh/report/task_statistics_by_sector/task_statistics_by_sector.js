// Copyright (c) 2026, chidao_dieuhanh contributors
// For license information, please see license.txt

{% include "chidao_dieuhanh/chidao_dieuhanh/report/task_statistics.js" %}

frappe.query_reports["Task Statistics by Sector"] = {
	filters: chidao_dieuhanh.task_statistics.filters(),
	formatter: chidao_dieuhanh.task_statistics.formatter,
	onload: chidao_dieuhanh.task_statistics.onload,
};
