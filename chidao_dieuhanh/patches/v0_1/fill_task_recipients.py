import frappe

from chidao_dieuhanh.notifications import refresh_task_recipients


def execute():
	"""Open tasks saved before the recipient fields existed get their agencies' addresses."""
	for agency in frappe.get_all("Agency", pluck="name"):
		refresh_task_recipients(agency)
