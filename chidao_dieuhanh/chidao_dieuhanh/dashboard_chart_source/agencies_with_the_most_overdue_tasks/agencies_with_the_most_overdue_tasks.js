frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Agencies with the Most Overdue Tasks"] = {
	method: "chidao_dieuhanh.chidao_dieuhanh.dashboard_chart_source.agencies_with_the_most_overdue_tasks.agencies_with_the_most_overdue_tasks.get",
	filters: [],
};
