# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

from frappe.model.document import Document


class TaskReminder(Document):
	pass
