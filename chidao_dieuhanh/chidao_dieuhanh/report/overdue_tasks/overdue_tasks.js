// Copyright (c) 2026, chidao_dieuhanh contributors
// For license information, please see license.txt

// Every open overdue task: no period, the other filters of the statistics reports.
frappe.query_reports["Overdue Tasks"] = {
	filters: chidao_dieuhanh.task_statistics
		.filters({ primary: ["agency", "directing_leader"] })
		.filter((f) => !["period", "from_date", "to_date", "date_basis"].includes(f.fieldname)),
	formatter(value, row, column, data, default_formatter) {
		const formatted = default_formatter(value, row, column, data);
		if (column.fieldname === "days_overdue" && value) {
			return `<span class="text-danger">${formatted}</span>`;
		}
		if (column.fieldname === "workflow_state" && value) return __(value, null, "Workflow State");
		return formatted;
	},
};
