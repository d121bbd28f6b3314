// Copyright (c) 2026, chidao_dieuhanh contributors
// For license information, please see license.txt

frappe.query_reports["Agency Ranking"] = {
	filters: chidao_dieuhanh.task_statistics
		.filters({ date_basis: "Deadline", period: "This Quarter" })
		.map((f) => (["from_date", "to_date"].includes(f.fieldname) ? { ...f, reqd: 1 } : f)),
	onload: chidao_dieuhanh.task_statistics.onload,
	after_datatable_render: chidao_dieuhanh.task_statistics.after_datatable_render,
	formatter(value, row, column, data, default_formatter) {
		const formatted = default_formatter(value, row, column, data);
		if (column.fieldname !== "rank_change" || value === null || value === undefined) return formatted;
		if (value > 0) return `<span class="text-success">▲ ${value}</span>`;
		if (value < 0) return `<span class="text-danger">▼ ${-value}</span>`;
		return `<span class="text-muted">=</span>`;
	},
};
