from frappe import _


def get_data():
	return {
		"fieldname": "task",
		"transactions": [
			{
				"label": _("Follow-up"),
				"items": ["Progress Report", "Extension Request", "Explanation Request", "Task Reminder"],
			},
			{"label": _("Inside the Agency"), "items": ["Task Handover", "Coordination Contribution"]},
		],
	}
