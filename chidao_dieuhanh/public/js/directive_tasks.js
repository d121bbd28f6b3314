// Copyright (c) 2026, chidao_dieuhanh contributors
// For license information, please see license.txt

// Directive → Create Tasks: a table of tasks the officer fills by hand, from the directive's text
// ("Propose from the Document") or from pasted lines, corrects, then creates in one go. The server reads
// the text and checks every line (chidao_dieuhanh/api/directive_tasks.py); nothing is created unless all
// lines are right.
frappe.provide("chidao_dieuhanh.directive_tasks");

const API = "chidao_dieuhanh.api.directive_tasks";

chidao_dieuhanh.directive_tasks.can_create = (frm) =>
	!frm.is_new() && Boolean(frm.perm[0]?.write) && frappe.model.can_create("Directive Task");

chidao_dieuhanh.directive_tasks.open_dialog = (frm) => {
	const dialog = new frappe.ui.Dialog({
		title: __("Create Tasks"),
		size: "extra-large",
		fields: [
			{ fieldname: "notes", fieldtype: "HTML" },
			{
				fieldname: "propose",
				fieldtype: "Button",
				label: __("Propose from the Document"),
				click: () => propose(frm, dialog),
			},
			{
				fieldname: "section_paste",
				fieldtype: "Section Break",
				label: __("Paste Lines"),
				collapsible: 1,
			},
			{
				fieldname: "lines",
				fieldtype: "Small Text",
				label: __("Lines"),
				description: __(
					'One task a line: content | lead agency | deadline or "N ngày làm việc" | coordinating agencies'
				),
			},
			{
				fieldname: "read_lines",
				fieldtype: "Button",
				label: __("Read the Lines"),
				click: () => read_lines(frm, dialog),
			},
			{ fieldname: "section_tasks", fieldtype: "Section Break" },
			{
				fieldname: "tasks",
				fieldtype: "Table",
				label: __("Tasks"),
				cannot_add_rows: false,
				in_place_edit: false,
				data: [],
				fields: [
					{
						fieldname: "content",
						fieldtype: "Small Text",
						label: __("Content", null, "Directive Task"),
						in_list_view: 1,
						columns: 4,
						reqd: 1,
					},
					{
						fieldname: "lead_agency",
						fieldtype: "Link",
						options: "Agency",
						label: __("Lead Agency"),
						in_list_view: 1,
						columns: 3,
						reqd: 1,
						get_query: () => ({
							query: `${API}.lead_agency_query`,
							filters: { directive: frm.doc.name },
						}),
					},
					{
						fieldname: "deadline",
						fieldtype: "Date",
						label: __("Deadline"),
						in_list_view: 1,
						columns: 2,
					},
					{
						fieldname: "working_days",
						fieldtype: "Int",
						label: __("Working Days"),
						in_list_view: 1,
						columns: 1,
					},
					{
						fieldname: "coordinating_agencies",
						fieldtype: "Small Text",
						label: __("Coordinating Agencies"),
						description: __("One agency a line, as named in the Agency list."),
					},
					{ fieldname: "no_deadline", fieldtype: "Check", label: __("No Deadline") },
					{ fieldname: "lead_text", fieldtype: "Data", label: __("Lead as Written"), read_only: 1 },
				],
			},
		],
		primary_action_label: __("Create"),
		primary_action: () => create(frm, dialog),
	});
	dialog.show();
	return dialog;
};

function set_rows(dialog, rows, notes) {
	const grid = dialog.fields_dict.tasks.grid;
	dialog.fields_dict.tasks.df.data = rows.map((row, i) => ({ ...row, idx: i + 1, name: `row-${i + 1}` }));
	grid.refresh();
	dialog.fields_dict.notes.$wrapper.html(notes.map((note) => `<p class="text-muted">${note}</p>`).join(""));
}

function unknown_leads(rows) {
	return rows
		.map((row, i) =>
			!row.lead_agency && row.lead_text
				? __("Line {0}: {1} is not in the Agency list.", [
						i + 1,
						frappe.utils.escape_html(row.lead_text),
				  ])
				: null
		)
		.filter(Boolean);
}

// A refused call shows the server's message; the dialog stays open for the officer to correct.
const call = (options) => frappe.call({ freeze: true, ...options }).catch(() => null);

async function propose(frm, dialog) {
	const response = await call({ method: `${API}.propose_tasks`, args: { directive: frm.doc.name } });
	if (!response) return;
	const { message } = response;
	if (!message.source) {
		set_rows(
			dialog,
			[],
			[
				__(
					"No text to propose from: fill in Document Content or attach a PDF or DOCX with a text layer."
				),
			]
		);
		return;
	}
	set_rows(dialog, message.tasks, [
		__("{0} tasks proposed from {1}. Check each line before creating.", [
			message.tasks.length,
			frappe.utils.escape_html(message.source),
		]),
		...unknown_leads(message.tasks),
	]);
}

async function read_lines(frm, dialog) {
	const response = await call({
		method: `${API}.parse_task_lines`,
		args: { directive: frm.doc.name, text: dialog.get_value("lines") || "" },
	});
	if (response) set_rows(dialog, response.message.tasks, response.message.problems);
}

async function create(frm, dialog) {
	const rows = (dialog.fields_dict.tasks.df.data || []).map((row) => ({
		content: row.content,
		lead_agency: row.lead_agency,
		coordinating_agencies: row.coordinating_agencies || "",
		deadline: row.deadline,
		working_days: row.working_days || 0,
		no_deadline: row.no_deadline ? 1 : 0,
	}));
	const response = await call({
		method: `${API}.create_tasks`,
		args: { directive: frm.doc.name, tasks: rows },
	});
	if (!response) return;
	const names = response.message;
	dialog.hide();
	frappe.show_alert({ message: __("{0} tasks created", [names.length]), indicator: "green" });
	frm.reload_doc();
}
