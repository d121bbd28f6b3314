from frappe import _


def get_data():
	return {
		"fieldname": "directive",
		"transactions": [{"label": _("Tasks"), "items": ["Directive Task"]}],
	}
