frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Tasks by Deadline Status"] = {
	method: "chidao_dieuhanh.chidao_dieuhanh.dashboard_chart_source.tasks_by_deadline_status.tasks_by_deadline_status.get",
	filters: [],
};
