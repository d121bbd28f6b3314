# Copyright (c) 2026, chidao_dieuhanh contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from chidao_dieuhanh import settings


class DirectiveSettings(Document):
	# begin: auto-generated types
	# end: auto-generated types

	def validate(self):
		if self.due_soon_days < 0 or self.max_extensions < 0:
			frappe.throw(_("The due-soon window and the maximum extensions cannot be negative."))

	def on_update(self):
		# Who sees every agency is read on every request, and sent to the desk with the boot.
		settings.clear_cache()
		frappe.cache.delete_key("bootinfo")
