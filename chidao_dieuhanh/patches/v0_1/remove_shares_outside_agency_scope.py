"""Shares of the app's documents with users who may not read them (made by assignments, or with everyone)
listed those documents to them: they are removed."""

import frappe

from chidao_dieuhanh.permissions import APP_MODULE, may_read_without_share


def execute():
	doctypes = frappe.get_all("DocType", filters={"module": APP_MODULE, "istable": 0}, pluck="name")
	shares = frappe.get_all(
		"DocShare",
		filters={"share_doctype": ["in", doctypes]},
		fields=["name", "share_doctype", "share_name", "user", "everyone"],
	)
	for share in shares:
		if share.everyone or not may_read_without_share(share.share_doctype, share.share_name, share.user):
			frappe.delete_doc("DocShare", share.name, ignore_permissions=True, force=True)
