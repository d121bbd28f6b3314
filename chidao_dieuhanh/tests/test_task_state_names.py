"""The task workflow's states and action under names of the app's own (Drafting, Assigned to Agency, Under
Way, Withdrawn; Assign to Agency), and the patch that moves a site which still stores the old names (Draft,
Assigned, In Progress, Cancelled; Assign): its tasks, workflow, board, settings, number cards, saved filters,
notifications and webhooks. Also the task's document type, a Select with the directive's options."""

import json

import frappe

from chidao_dieuhanh import settings, task_states
from chidao_dieuhanh.patches.v0_1 import rename_task_workflow_states, task_document_type_select
from chidao_dieuhanh.task_states import (
	ASSIGN,
	ASSIGNED,
	CANCELLED,
	DRAFT,
	IN_PROGRESS,
	KANBAN_BOARD,
	RENAMED_ACTIONS,
	RENAMED_STATES,
	TASK_DOCTYPE,
)
from chidao_dieuhanh.tests.factories import ProvinceTestCase, make_directive, make_task

OLD = {new: old for old, new in RENAMED_STATES.items()}
SAVEPOINT = "task_state_names"


def clear_caches():
	settings.clear_cache()
	for workflow in frappe.get_all("Workflow", filters={"document_type": TASK_DOCTYPE}, pluck="name"):
		frappe.clear_document_cache("Workflow", workflow)
	frappe.cache.delete_value(["webhooks", "notifications"])
	frappe.clear_cache(doctype=TASK_DOCTYPE)


def set_back(doctype: str, field: str, new: str, old: str, **conditions) -> None:
	"""The site as it was before the patch: `new` stored as `old` again, in SQL."""
	table = frappe.qb.DocType(doctype)
	query = frappe.qb.update(table).set(table[field], old).where(table[field] == new)
	for column, value in conditions.items():
		query = query.where(table[column] == value)
	query.run()


class TestTaskStateNames(ProvinceTestCase):
	def setUp(self):
		frappe.db.savepoint(SAVEPOINT)

	def tearDown(self):
		frappe.db.rollback(save_point=SAVEPOINT)
		clear_caches()
		super().tearDown()

	def test_the_shipped_workflow_names_no_frappe_word(self):
		workflow = task_states.task_workflow()
		states = {row.state for row in workflow.states}
		actions = {row.action for row in workflow.transitions}
		self.assertLessEqual({DRAFT, ASSIGNED, IN_PROGRESS, CANCELLED}, states)
		self.assertFalse(states & set(RENAMED_STATES), states)
		self.assertIn(ASSIGN, actions)
		self.assertNotIn("Assign", actions)
		# The Extension Request workflow keeps its own Draft.
		extension = frappe.get_doc("Workflow", "Extension Request Workflow")
		self.assertIn("Draft", {row.state for row in extension.states})
		columns = frappe.get_all(
			"Kanban Board Column", {"parent": KANBAN_BOARD}, pluck="column_name", order_by="idx"
		)
		self.assertEqual(columns[:3], [DRAFT, ASSIGNED, IN_PROGRESS])
		self.assertIn(CANCELLED, settings.states_needing_reason())
		self.assertEqual(task_states.CLOSED_STATES, ("Completed", CANCELLED))

	def test_patch_moves_a_site_that_has_the_old_names(self):
		directive = make_directive()
		tasks = {state: make_task(directive, self.p.agency_a, state=state).name for state in OLD}
		workflow = task_states.task_workflow().name
		for new, old in OLD.items():
			set_back(TASK_DOCTYPE, "workflow_state", new, old)
			set_back("Workflow Document State", "state", new, old, parent=workflow)
			set_back("Workflow Transition", "state", new, old, parent=workflow)
			set_back("Workflow Transition", "next_state", new, old, parent=workflow)
			set_back("Kanban Board Column", "column_name", new, old, parent=KANBAN_BOARD)
			set_back("Task Workflow State", "workflow_state", new, old)
		set_back("Workflow Transition", "action", ASSIGN, "Assign", parent=workflow)
		card = frappe.get_doc("Number Card", "Open Tasks")
		old_filters = card.filters_json.replace(f'"{DRAFT}"', '"Draft"')
		frappe.db.set_value("Number Card", card.name, "filters_json", old_filters, update_modified=False)
		frappe.db.set_value(
			"Notification",
			"Directive Task Assigned",
			"condition",
			'doc.workflow_state == "Assigned"',
			update_modified=False,
		)
		webhook = frappe.db.get_value("Webhook", {"webhook_doctype": TASK_DOCTYPE}, "name")
		frappe.db.set_value(
			"Webhook",
			webhook,
			"condition",
			"doc.workflow_state and doc.workflow_state not in ('Draft', 'Cancelled')",
			update_modified=False,
		)
		saved = frappe.get_doc(
			{
				"doctype": "List Filter",
				"reference_doctype": TASK_DOCTYPE,
				"filter_name": "Việc đang làm",
				"filters": json.dumps([[TASK_DOCTYPE, "workflow_state", "in", ["Assigned", "In Progress"]]]),
			}
		).insert(ignore_permissions=True)
		self.assertEqual(frappe.db.get_value(TASK_DOCTYPE, tasks[CANCELLED], "workflow_state"), "Cancelled")

		rename_task_workflow_states.execute()

		for state, task in tasks.items():
			self.assertEqual(frappe.db.get_value(TASK_DOCTYPE, task, "workflow_state"), state)
		self.assertFalse(frappe.db.exists(TASK_DOCTYPE, {"workflow_state": ["in", list(RENAMED_STATES)]}))
		workflow = task_states.task_workflow()
		self.assertFalse({row.state for row in workflow.states} & set(RENAMED_STATES))
		self.assertFalse(
			({t.state for t in workflow.transitions} | {t.next_state for t in workflow.transitions})
			& set(RENAMED_STATES)
		)
		self.assertEqual(
			{t.action for t in workflow.transitions} & {*RENAMED_ACTIONS, *RENAMED_ACTIONS.values()}, {ASSIGN}
		)
		columns = frappe.get_all(
			"Kanban Board Column", {"parent": KANBAN_BOARD}, pluck="column_name", order_by="idx"
		)
		self.assertEqual(columns[:3], [DRAFT, ASSIGNED, IN_PROGRESS])
		self.assertIn(CANCELLED, settings.states_needing_reason())
		self.assertNotIn("Cancelled", settings.states_needing_reason())
		# The card counts what it counted: every open task but the one not given yet.
		filters = json.loads(frappe.db.get_value("Number Card", card.name, "filters_json"))
		self.assertIn([TASK_DOCTYPE, "workflow_state", "!=", DRAFT, False], filters)
		counted = set(frappe.get_all(TASK_DOCTYPE, filters=filters, pluck="name"))
		self.assertEqual(counted & set(tasks.values()), {tasks[ASSIGNED], tasks[IN_PROGRESS]})
		self.assertEqual(
			frappe.db.get_value("Notification", "Directive Task Assigned", "condition"),
			f'doc.workflow_state == "{ASSIGNED}"',
		)
		self.assertEqual(
			frappe.db.get_value("Webhook", webhook, "condition"),
			f"doc.workflow_state and doc.workflow_state not in ('{DRAFT}', '{CANCELLED}')",
		)
		self.assertEqual(
			json.loads(frappe.db.get_value("List Filter", saved.name, "filters")),
			[[TASK_DOCTYPE, "workflow_state", "in", [ASSIGNED, IN_PROGRESS]]],
		)
		# A second run finds nothing to move.
		rename_task_workflow_states.execute()
		self.assertEqual(frappe.db.get_value(TASK_DOCTYPE, tasks[DRAFT], "workflow_state"), DRAFT)

	def test_filters_and_conditions_without_old_states_are_left_alone(self):
		self.assertIsNone(rename_task_workflow_states.renamed_filters('{"deadline_status": "Cancelled"}'))
		self.assertIsNone(
			rename_task_workflow_states.renamed_filters(
				'[["Directive Task", "deadline_status", "=", "Cancelled"]]'
			)
		)
		self.assertEqual(
			rename_task_workflow_states.renamed_filters('{"workflow_state": ["!=", "Draft"]}'),
			json.dumps({"workflow_state": ["!=", DRAFT]}),
		)
		self.assertIsNone(rename_task_workflow_states.renamed_condition('doc.deadline_status == "Cancelled"'))
		self.assertIsNone(rename_task_workflow_states.renamed_filters("not json"))

	def test_task_document_type_is_the_directive_select(self):
		task_field = frappe.get_meta(TASK_DOCTYPE).get_field("directive_document_type")
		directive_field = frappe.get_meta("Directive").get_field("document_type")
		self.assertEqual(task_field.fieldtype, "Select")
		self.assertEqual(task_field.options, directive_field.options)
		task = make_task(make_directive(document_type="Plan"), self.p.agency_a)
		self.assertEqual(frappe.db.get_value(TASK_DOCTYPE, task.name, "directive_document_type"), "Plan")
		frappe.db.set_value(TASK_DOCTYPE, task.name, "directive_document_type", None, update_modified=False)
		task_document_type_select.execute()
		self.assertEqual(frappe.db.get_value(TASK_DOCTYPE, task.name, "directive_document_type"), "Plan")
		lang, frappe.local.lang = frappe.local.lang, "vi"
		try:
			for option in directive_field.options.split("\n")[1:]:
				with self.subTest(option=option):
					translated = frappe._(option, context=TASK_DOCTYPE)
					self.assertEqual(translated, frappe._(option, context="Directive"))
					self.assertNotEqual(translated, option)
		finally:
			frappe.local.lang = lang
