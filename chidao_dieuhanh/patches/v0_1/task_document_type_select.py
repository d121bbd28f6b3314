"""A task's Directive Document Type is a Select with the directive's options (so the form shows it in
Vietnamese, not the stored English option): every task takes its directive's current type, so that none
keeps a value the Select does not offer."""

import frappe


def execute():
	frappe.db.sql(
		"""update `tabDirective Task` task join `tabDirective` directive on task.directive = directive.name
		set task.directive_document_type = directive.document_type
		where not (task.directive_document_type <=> directive.document_type)"""
	)
