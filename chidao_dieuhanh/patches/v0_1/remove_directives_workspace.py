import frappe


def execute():
	"""The workspace "Directives" became "Chỉ đạo điều hành" (office) and "Nhiệm vụ của đơn vị" (agencies)."""
	if frappe.db.exists("Workspace", "Directives"):
		frappe.delete_doc("Workspace", "Directives", force=True, ignore_permissions=True)
