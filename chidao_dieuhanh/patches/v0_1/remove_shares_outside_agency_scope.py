"""Shares of the app's documents with users who may not read them (made by assignments, or with everyone)
listed those documents to them: they are removed."""

import frappe

from chidao_dieuhanh.permissions import app_doctypes, may_read_without_share


def execute():
	shares = frappe.get_all(
		"DocShare",
		filters={"share_doctype": ["in", app_doctypes()]},
		fields=["name", "share_doctype", "share_name", "user", "everyone"],
	)
	for share in shares:
		if share.everyone or not may_read_without_share(share.share_doctype, share.share_name, share.user):
			frappe.delete_doc("DocShare", share.name, ignore_permissions=True, force=True)
