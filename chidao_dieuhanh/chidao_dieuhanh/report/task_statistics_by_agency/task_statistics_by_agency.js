// Copyright (c) 2026, chidao_dieuhanh contributors
// For license information, please see license.txt

frappe.query_reports["Task Statistics by Agency"] = {
	filters: chidao_dieuhanh.task_statistics.filters({ agency_role: true }),
	formatter: chidao_dieuhanh.task_statistics.formatter,
	onload(report) {
		chidao_dieuhanh.task_statistics.onload(report);
		// The official report (Báo cáo kết quả thực hiện nhiệm vụ), built and signed on the server with the
		// site's certificate, kept as a Signed Report.
		if (!frappe.boot.chidao_dieuhanh.is_office_user) return;
		report.page.add_inner_button(__("Sign Official Report"), async () => {
			const { message } = await frappe.call({
				method: "chidao_dieuhanh.api.signatures.sign_official_report",
				args: { filters: report.get_filter_values() },
				freeze: true,
				freeze_message: __("Signing..."),
			});
			frappe.msgprint(
				__("Signed as {0}: {1}", [
					`<a href="/app/signed-report/${encodeURIComponent(
						message.name
					)}">${frappe.utils.escape_html(message.name)}</a>`,
					`<a href="${encodeURI(message.file_url)}" target="_blank">${__("open the PDF")}</a>`,
				]),
				__("Signed")
			);
		});
	},
	after_datatable_render: chidao_dieuhanh.task_statistics.after_datatable_render,
};
