"""Frappe's Webhook on the app's documents, for integrators who want JSON rather than edXML.

The app ships one, disabled: "Directive Task Events (JSON)" (fixtures/webhook.json), a task's public fields
as JSON on every save of a task given to an agency, its content, result and reason left out (null) when its
directive is confidential. A webhook on the app's documents, that one or any made in the desk, is checked
here (Webhook validate, hooks.py):

- it is enabled only with Enable Security, so that every request carries Frappe's HMAC-SHA256 signature of
  its body (`X-Frappe-Webhook-Signature`, base64) made with the Webhook Secret;
- its body names a free-text field (a task's content, a directive's summary...) only in a JSON template
  that asks `task_is_confidential(doc.name)` / `is_confidential(doctype, doc.name)` first: a list of fields
  (Webhook Data) cannot leave a confidential document's text out, so it may not name one.
"""

import re

import frappe
from frappe import _

from chidao_dieuhanh.permissions import is_app_doctype

TEXT_FIELDTYPES = frozenset(
	{"Small Text", "Text", "Long Text", "Text Editor", "Markdown Editor", "HTML Editor", "Code"}
)
CONFIDENTIALITY_CHECKS = ("task_is_confidential(", "is_confidential(")


class WebhookNotSigned(frappe.ValidationError):
	pass


class WebhookSendsConfidentialText(frappe.ValidationError):
	pass


def validate_webhook(doc, method=None) -> None:
	if not is_app_doctype(doc.webhook_doctype):
		return
	if doc.enabled and not doc.enable_security:
		frappe.throw(
			_("A webhook on {0} must be signed: tick Enable Security and enter a Webhook Secret.").format(
				_(doc.webhook_doctype)
			),
			WebhookNotSigned,
		)
	text_fields = [
		df.fieldname for df in frappe.get_meta(doc.webhook_doctype).fields if df.fieldtype in TEXT_FIELDTYPES
	]
	listed = [row.fieldname for row in doc.webhook_data or [] if row.fieldname in text_fields]
	template = (doc.webhook_json or "") if doc.request_structure == "JSON" else ""
	mentioned = [f for f in text_fields if re.search(rf"\b{re.escape(f)}\b", template)]
	unguarded = mentioned and not any(check in template for check in CONFIDENTIALITY_CHECKS)
	if listed or unguarded:
		frappe.throw(
			_(
				"{0} would leave with the text of confidential documents. Send text fields only from a JSON"
				" template that leaves them out when task_is_confidential(doc.name) is true."
			).format(", ".join(listed or mentioned)),
			WebhookSendsConfidentialText,
		)


def forget_deleted_webhook(doc, method=None) -> None:
	"""Frappe v15 clears its cached list of webhooks when one is saved, not when one is deleted: a deleted
	webhook would still fire on every matching save (and fail, its log linking to nothing) until the cache
	is cleared otherwise. After the delete, not on trash: Frappe reads the list again for the deleted
	document's own events, which on trash would find the row still there."""
	frappe.cache.delete_value("webhooks")
