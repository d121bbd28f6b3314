"""Frappe serves `/private/files/...` to whoever `File.is_downloadable` allows, which asks only Frappe's own
File rule (the file's owner, or read access to the document it is attached to), never the app's
`has_permission` hook for File. So the signing certificate (.p12) attached to Directive Settings went to
every office user who reads the settings, and the integration user, owner of the files of the directives it
received, kept downloading them. A download now also needs what every other route asks
(`permissions.has_reference_permission`)."""

import frappe
from frappe.core.doctype.file.file import File


class AppFile(File):
	def is_downloadable(self):
		return super().is_downloadable() and frappe.has_permission(
			"File", "read", doc=self, user=frappe.session.user
		)
