// Copyright (c) 2026, chidao_dieuhanh contributors
// For license information, please see license.txt

frappe.listview_settings["Directive"] = {
	// The ID is found with the search bar or the filter menu: on a phone the list shows three filters.
	hide_name_filter: true,
	formatters: chidao_dieuhanh.list.select_pills("Directive", ["directive_status"]),
	onload(listview) {
		// The office users who create directives receive edXML packages (checked again by the server).
		if (!frappe.model.can_create("Directive")) return;
		listview.page.add_inner_button(__("Import edXML"), () => import_edxml());
	},
};

// The package goes through Frappe's upload to chidao_dieuhanh.api.edxml.receive, which makes the
// directive; a refused package shows the server's message.
function import_edxml() {
	new frappe.ui.FileUploader({
		dialog_title: __("Import edXML"),
		method: "chidao_dieuhanh.api.edxml.receive",
		allow_multiple: false,
		make_attachments_public: false,
		restrictions: { allowed_file_types: [".xml", ".edxml"] },
		on_success(_file_doc, response) {
			const received = response && response.message;
			if (!received || !received.directive) return;
			frappe.show_alert({
				message: __("Directive {0} received with {1} attachments", [
					received.directive,
					received.attachments,
				]),
				indicator: "green",
			});
			frappe.set_route("Form", "Directive", received.directive);
		},
	});
}
