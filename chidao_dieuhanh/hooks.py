app_name = "chidao_dieuhanh"
app_title = "Chỉ đạo điều hành"
app_publisher = "chidao_dieuhanh contributors"
app_description = "Theo dõi chỉ đạo, điều hành: directives and tasks of a provincial People's Committee"
app_email = "chidao-dieuhanh@example.org"
app_license = "mit"
required_apps = []

export_python_type_annotations = True

# The desk's shared scripts (chidao_dieuhanh/public/js), built by `bench build`.
app_include_js = "chidao_dieuhanh.bundle.js"
# The app's pages on a phone (chidao_dieuhanh/public/scss).
app_include_css = "chidao_dieuhanh.bundle.css"
# The task's "Hand Over" button for the lead agency (forwarding.py).
doctype_js = {"Directive Task": "public/js/directive_task_forwarding.js"}

# The task rules the desk scripts need, from the Python modules that own them.
boot_session = "chidao_dieuhanh.boot.boot_session"

after_install = "chidao_dieuhanh.install.after_install"

# Deadline statuses are refreshed just after midnight; reminders and the weekly digest go out at 7:00
# (the digest only on its weekday, see Directive Settings).
scheduler_events = {
	"cron": {
		"5 0 * * *": [
			"chidao_dieuhanh.deadline_refresh.daily_refresh",
			"chidao_dieuhanh.chidao_dieuhanh.doctype.working_calendar.working_calendar.ensure_public_holidays",
			# work delegations over end, those beginning start (delegation.py)
			"chidao_dieuhanh.delegation.update_delegations",
		],
		"0 7 * * *": [
			"chidao_dieuhanh.reminders.send_automatic_reminders",
			"chidao_dieuhanh.digest.send_weekly_digest",
			# explanation requests past their deadline unanswered are escalated (explanations.py)
			"chidao_dieuhanh.explanations.escalate_overdue_requests",
		],
		# edXML statuses due (new, or waiting for their next attempt) go to the integration platform.
		"*/5 * * * *": ["chidao_dieuhanh.edxml_status.deliver_due_messages"],
	},
	# Reminders left queued (a delivery that stopped midway) go out within the hour.
	"hourly_long": ["chidao_dieuhanh.reminders.deliver_queued_reminders"],
}

# Roles and workflows are shipped as fixtures so that IT staff can change them in the desk.
fixtures = [
	{
		"dt": "Role",
		"filters": [
			[
				"name",
				"in",
				[
					"Leader",
					"Office Leader",
					"Tracking Officer",
					"Agency Focal Point",
					"Agency Head",
					"Agency Officer",
					"Directive Manager",
					"Document Integration",
				],
			]
		],
	},
	{
		"dt": "Workflow State",
		"filters": [
			[
				"name",
				"in",
				[
					"Draft",
					"Drafting",
					"Assigned to Agency",
					"Under Way",
					"Pending Review",
					"Completed",
					"Refused",
					"Returned",
					"Suspended",
					"Withdrawn",
					"Pending Approval",
					"Approved",
					"Awaiting Explanation",
					"Explained",
					"Explanation Accepted",
					"Explanation Refused",
				],
			]
		],
	},
	{
		"dt": "Workflow Action Master",
		"filters": [
			[
				"name",
				"in",
				[
					"Accept",
					"Approve",
					"Assign to Agency",
					"Cancel",
					"Confirm Completion",
					"Reassign",
					"Refuse",
					"Request",
					"Resume",
					"Return",
					"Submit for Review",
					"Suspend",
					"Submit Explanation",
					"Accept Explanation",
					"Refuse Explanation",
				],
			]
		],
	},
	{
		"dt": "Workflow",
		"filters": [
			[
				"name",
				"in",
				["Directive Task Workflow", "Extension Request Workflow", "Explanation Request Workflow"],
			]
		],
	},
	{"dt": "Kanban Board", "filters": [["name", "=", "Tasks by Workflow State"]]},
	# Task events as signed JSON for integrators, disabled (README: duplicate it, then enable the copy).
	{"dt": "Webhook", "filters": [["name", "=", "Directive Task Events (JSON)"]]},
]

# Permissions
# -----------

permission_query_conditions = {
	"Directive": "chidao_dieuhanh.permissions.directive_query",
	"Directive Task": "chidao_dieuhanh.permissions.task_query",
	"Progress Report": "chidao_dieuhanh.permissions.progress_report_query",
	"Extension Request": "chidao_dieuhanh.permissions.extension_request_query",
	"Explanation Request": "chidao_dieuhanh.permissions.explanation_request_query",
	"Task Reminder": "chidao_dieuhanh.permissions.task_reminder_query",
	"Task Handover": "chidao_dieuhanh.permissions.task_handover_query",
	"Coordination Contribution": "chidao_dieuhanh.permissions.coordination_contribution_query",
	"Task Coordinating Agency": "chidao_dieuhanh.permissions.task_coordinating_agency_query",
	"Task Progress Entry": "chidao_dieuhanh.permissions.task_progress_entry_query",
	"Task Deadline Change": "chidao_dieuhanh.permissions.task_deadline_change_query",
	"Directive Signature Check": "chidao_dieuhanh.permissions.directive_signature_check_query",
	"Directive Recipient": "chidao_dieuhanh.permissions.directive_recipient_query",
	# Records about a document follow the document.
	"ToDo": "chidao_dieuhanh.permissions.todo_query",
	"Comment": "chidao_dieuhanh.permissions.comment_query",
	"Communication": "chidao_dieuhanh.permissions.communication_query",
	"File": "chidao_dieuhanh.permissions.file_query",
	"Version": "chidao_dieuhanh.permissions.version_query",
	"Notification Log": "chidao_dieuhanh.permissions.notification_log_query",
	"Tag Link": "chidao_dieuhanh.permissions.tag_link_query",
	"Document Follow": "chidao_dieuhanh.permissions.document_follow_query",
	# A periodic task's repetition follows its task (periodic_tasks.py).
	"Auto Repeat": "chidao_dieuhanh.permissions.auto_repeat_query",
	"Leader Instruction": "chidao_dieuhanh.permissions.leader_instruction_query",
	"Work Delegation": "chidao_dieuhanh.permissions.work_delegation_query",
}

has_permission = {
	"Directive": "chidao_dieuhanh.permissions.has_directive_permission",
	"Directive Task": "chidao_dieuhanh.permissions.has_task_permission",
	"Progress Report": "chidao_dieuhanh.permissions.has_progress_report_permission",
	"Extension Request": "chidao_dieuhanh.permissions.has_extension_request_permission",
	"Explanation Request": "chidao_dieuhanh.permissions.has_explanation_request_permission",
	"Task Reminder": "chidao_dieuhanh.permissions.has_task_reminder_permission",
	"Task Handover": "chidao_dieuhanh.permissions.has_task_handover_permission",
	"Coordination Contribution": "chidao_dieuhanh.permissions.has_coordination_contribution_permission",
	"ToDo": "chidao_dieuhanh.permissions.has_reference_permission",
	"Comment": "chidao_dieuhanh.permissions.has_reference_permission",
	"Communication": "chidao_dieuhanh.permissions.has_reference_permission",
	"File": "chidao_dieuhanh.permissions.has_reference_permission",
	"Version": "chidao_dieuhanh.permissions.has_reference_permission",
	"Notification Log": "chidao_dieuhanh.permissions.has_reference_permission",
	"Tag Link": "chidao_dieuhanh.permissions.has_reference_permission",
	"Document Follow": "chidao_dieuhanh.permissions.has_reference_permission",
	"Auto Repeat": "chidao_dieuhanh.permissions.has_auto_repeat_permission",
	"Leader Instruction": "chidao_dieuhanh.permissions.has_leader_instruction_permission",
	"Work Delegation": "chidao_dieuhanh.permissions.has_work_delegation_permission",
}

# The system's rows of which agency sees which task go with the task (task_agencies.delete_task).
ignore_links_on_delete = ["Directive Task Agency"]

doc_events = {
	"*": {
		# Checked for the app's doctypes only (see each function).
		"before_insert": "chidao_dieuhanh.permissions.refuse_forged_fields",
		"before_validate": [
			"chidao_dieuhanh.validation.validate_input",
			"chidao_dieuhanh.permissions.validate_workflow_edit",
			"chidao_dieuhanh.delegation.refuse_action_after_period",
		],
		# A workflow action a delegate takes for the delegator is written on the document (delegation.py).
		"on_update": "chidao_dieuhanh.delegation.record_action_on_behalf",
	},
	"Notification Log": {"before_insert": "chidao_dieuhanh.permissions.refuse_notification_to_outsider"},
	"DocShare": {"validate": "chidao_dieuhanh.permissions.refuse_share_outside_scope"},
	"Notification": {"validate": "chidao_dieuhanh.permissions.refuse_role_recipients_outside_office"},
	"Comment": {"validate": "chidao_dieuhanh.permissions.refuse_record_about_hidden_document"},
	"Document Follow": {"validate": "chidao_dieuhanh.permissions.refuse_record_about_hidden_document"},
	"Tag Link": {"validate": "chidao_dieuhanh.permissions.refuse_record_about_hidden_document"},
	"Workflow": {"on_update": "chidao_dieuhanh.task_states.on_workflow_update"},
	# A PDF attached to a directive (uploaded, or received in an edXML package) has its signatures checked;
	# the integration user stores files only inside packages.
	"File": {
		"before_insert": "chidao_dieuhanh.api.edxml.refuse_file_from_integration_user",
		"after_insert": "chidao_dieuhanh.signatures.on_file_insert",
		"on_trash": "chidao_dieuhanh.signatures.on_file_trash",
	},
	# Processing statuses (edXML Status) back to the sender of a directive received as edXML.
	"Directive": {
		"on_update": "chidao_dieuhanh.edxml_status.on_directive_saved",  # also on insert
		"on_trash": "chidao_dieuhanh.edxml_status.on_directive_trash",
	},
	"Directive Task": {
		"on_update": "chidao_dieuhanh.edxml_status.on_task_update",
		"on_trash": "chidao_dieuhanh.edxml_status.on_task_trash",
	},
	# A webhook on the app's documents is signed, and leaves out a confidential task's content.
	"Webhook": {
		"validate": "chidao_dieuhanh.webhooks.validate_webhook",
		"after_delete": "chidao_dieuhanh.webhooks.forget_deleted_webhook",
	},
	# A periodic task repeats only by the office's hand, and never mails its prints (periodic_tasks.py).
	"Auto Repeat": {"validate": "chidao_dieuhanh.periodic_tasks.validate_auto_repeat"},
}

# Frappe endpoints that answer without the caller's permissions, routed to permission-aware versions
# (see chidao_dieuhanh/api/frappe_overrides.py for each reason).
override_whitelisted_methods = {
	# Number cards read the read replica when the site has one (replica.py).
	"frappe.desk.doctype.number_card.number_card.get_result": "chidao_dieuhanh.replica.get_number_card_result",
	"frappe.desk.doctype.number_card.number_card.get_percentage_difference": (
		"chidao_dieuhanh.replica.get_number_card_percentage_difference"
	),
	"frappe.client.get_count": "chidao_dieuhanh.api.frappe_overrides.get_count",
	"frappe.client.set_value": "chidao_dieuhanh.api.frappe_overrides.set_value",
	"frappe.desk.listview.get_group_by_count": "chidao_dieuhanh.api.frappe_overrides.get_group_by_count",
	"frappe.desk.doctype.dashboard_chart.dashboard_chart.get": (
		"chidao_dieuhanh.api.frappe_overrides.get_dashboard_chart"
	),
	"frappe.desk.notifications.get_open_count": "chidao_dieuhanh.api.frappe_overrides.get_open_count",
	"frappe.desk.form.assign_to.add": "chidao_dieuhanh.api.frappe_overrides.add_assignment",
	"frappe.desk.form.assign_to.add_multiple": "chidao_dieuhanh.api.frappe_overrides.add_multiple_assignments",
	"frappe.desk.form.assign_to.remove": "chidao_dieuhanh.api.frappe_overrides.remove_assignment",
	"frappe.desk.form.assign_to.remove_multiple": (
		"chidao_dieuhanh.api.frappe_overrides.remove_multiple_assignments"
	),
	"frappe.desk.search.get_link_title": "chidao_dieuhanh.api.frappe_overrides.get_link_title",
	"frappe.www.printview.get_html_and_style": "chidao_dieuhanh.api.frappe_overrides.get_html_and_style",
	"frappe.www.printview.get_rendered_raw_commands": (
		"chidao_dieuhanh.api.frappe_overrides.get_rendered_raw_commands"
	),
	"frappe.desk.form.linked_with.get_submitted_linked_docs": (
		"chidao_dieuhanh.api.frappe_overrides.get_submitted_linked_docs"
	),
	"frappe.desk.doctype.tag.tag.add_tag": "chidao_dieuhanh.api.frappe_overrides.add_tag",
	"frappe.desk.doctype.tag.tag.add_tags": "chidao_dieuhanh.api.frappe_overrides.add_tags",
	"frappe.desk.doctype.tag.tag.remove_tag": "chidao_dieuhanh.api.frappe_overrides.remove_tag",
}

# Data Import: only a user with the import right on a doctype imports it, and a row of the app's doctypes
# with a value the importer cannot read fails alone instead of stopping the file (data_import.py).
override_doctype_class = {
	"Data Import": "chidao_dieuhanh.data_import.DataImport",
	# a private file is downloaded only by who may read its File row (file_access.py)
	"File": "chidao_dieuhanh.file_access.AppFile",
	# the delegates of recipients who are away receive their notifications too (delegation.py)
	"Notification": "chidao_dieuhanh.delegation.DelegatingNotification",
}

# REST writes whose body is not a JSON object, and calls of the app's methods without a required argument,
# get HTTP 400.
before_request = [
	"chidao_dieuhanh.api.request_body.validate_request_body",
	"chidao_dieuhanh.api.request_body.validate_method_arguments",
	# With a read replica in the site config: a request reads the primary when the replica does not answer.
	"chidao_dieuhanh.replica.read_primary_when_replica_is_down",
]
before_job = ["chidao_dieuhanh.replica.read_primary_when_replica_is_down"]

# Jinja
# -----

# The e-mail and notification templates ask which tasks fall under a confidential directive.
jinja = {
	"methods": [
		"chidao_dieuhanh.confidentiality.is_confidential",
		"chidao_dieuhanh.confidentiality.task_is_confidential",
		"chidao_dieuhanh.confidentiality.confidential_tasks",
		"chidao_dieuhanh.confidentiality.confidential_notice",
		# What every e-mail names: the source document, the addressees and the sender.
		"chidao_dieuhanh.mail_context.source_document",
		"chidao_dieuhanh.mail_context.digest_addressees",
		"chidao_dieuhanh.mail_context.escalation_addressees",
		"chidao_dieuhanh.mail_context.mail_sender",
		# The task's print lists the leaders' instructions.
		"chidao_dieuhanh.leader_instructions.task_instructions_html",
	],
}
