// Copyright (c) 2026, chidao_dieuhanh contributors
// For license information, please see license.txt

// Open overdue tasks, the longest overdue first: no period, the other filters of the statistics reports,
// and how many rows to show (the server's choices, frappe.boot.chidao_dieuhanh.overdue_rows_shown).
const rows_shown = frappe.boot.chidao_dieuhanh.overdue_rows_shown;

frappe.query_reports["Overdue Tasks"] = {
	filters: chidao_dieuhanh.task_statistics
		.filters({ primary: ["agency", "directing_leader"] })
		.filter((f) => !["period", "from_date", "to_date", "date_basis"].includes(f.fieldname))
		.flatMap((f) =>
			f.fieldname === "more_filters"
				? [
						{
							fieldname: "rows_shown",
							label: __("Rows Shown"),
							fieldtype: "Select",
							options: [
								...rows_shown.options.map((n) => ({
									value: String(n),
									label: format_number(n, null, 0),
								})),
								{ value: rows_shown.all, label: __(rows_shown.all, null, "Rows Shown") },
							],
							default: String(rows_shown.default),
							depends_on: `eval:doc.more_filters || doc.rows_shown !== "${rows_shown.default}"`,
						},
						f,
				  ]
				: [f]
		),
	formatter(value, row, column, data, default_formatter) {
		const formatted = default_formatter(value, row, column, data);
		if (column.fieldname === "days_overdue" && value) {
			return `<span class="text-danger">${formatted}</span>`;
		}
		if (column.fieldname === "workflow_state" && value) return __(value, null, "Workflow State");
		return formatted;
	},
};
