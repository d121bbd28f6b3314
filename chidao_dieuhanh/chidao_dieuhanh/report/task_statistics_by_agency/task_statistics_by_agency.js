// Copyright (c) 2026, chidao_dieuhanh contributors
// For license information, please see license.txt

frappe.query_reports["Task Statistics by Agency"] = {
	filters: chidao_dieuhanh.task_statistics.filters({ agency_role: true }),
	formatter: chidao_dieuhanh.task_statistics.formatter,
	onload(report) {
		chidao_dieuhanh.task_statistics.onload(report);
		// The official report (Báo cáo kết quả thực hiện nhiệm vụ), built on the server from the rows the user
		// sees (official_report.py): printed as a PDF, or signed with the site's certificate and kept as a
		// Signed Report.
		if (!frappe.boot.chidao_dieuhanh.is_office_user) return;
		report.page.add_inner_button(__("Print Official Report"), () => {
			frappe.prompt(
				[
					{
						fieldname: "blank_date",
						fieldtype: "Check",
						label: __("Leave the Date for the Signing Day"),
						default: 1,
					},
				],
				(values) => print_official_report(report, values.blank_date),
				__("Print Official Report"),
				__("Print")
			);
		});
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

async function print_official_report(report, blank_date) {
	frappe.dom.freeze(__("Preparing the PDF..."));
	try {
		const response = await fetch(
			"/api/method/chidao_dieuhanh.api.official_report.print_official_report",
			{
				method: "POST",
				headers: {
					"Content-Type": "application/json",
					Accept: "application/json",
					"X-Frappe-CSRF-Token": frappe.csrf_token,
				},
				body: JSON.stringify({ filters: report.get_filter_values(), blank_date: blank_date ? 1 : 0 }),
			}
		);
		if (!response.ok) {
			const answer = await response.json().catch(() => ({}));
			const messages = JSON.parse(answer._server_messages || "[]").map((m) => JSON.parse(m).message);
			frappe.msgprint(messages.join("<br>") || __("The PDF could not be made."), __("Error"));
			return;
		}
		const link = document.createElement("a");
		link.href = URL.createObjectURL(await response.blob());
		link.download = "bao-cao-ket-qua-thuc-hien-nhiem-vu.pdf";
		document.body.appendChild(link);
		link.click();
		setTimeout(() => {
			URL.revokeObjectURL(link.href);
			link.remove();
		}, 1000);
	} finally {
		frappe.dom.unfreeze();
	}
}
