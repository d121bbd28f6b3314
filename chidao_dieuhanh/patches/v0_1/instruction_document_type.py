"""The document type Chỉ thị is stored as "Instruction", no longer as "Directive" (the doctype's own name,
whose translation it took in the dropdown)."""

import frappe


def execute():
	for doctype, field in (
		("Directive", "document_type"),
		("edXML Document Type", "document_type"),
		("Directive Task", "directive_document_type"),
	):
		table = frappe.qb.DocType(doctype)
		frappe.qb.update(table).set(table[field], "Instruction").where(table[field] == "Directive").run()
