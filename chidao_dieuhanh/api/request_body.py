"""Requests Frappe would answer with a server error are refused with HTTP 400 before Frappe reads them.

- Bodies of REST writes that are not a JSON object: Frappe v15's `/api/resource` create and update take
  whatever the body parses to: a JSON array or string ends in a server error (`list.pop`), and a body that
  is not JSON at all is silently replaced by the empty form (an update then saves nothing and answers 200).
- A field given a list or an object, through REST or Frappe's own `frappe.client` writes: Frappe v15's
  link check fails on it with a server error.
- Calls of the app's whitelisted methods without a required argument: Frappe calls the function anyway,
  and the TypeError is a server error.
"""

import inspect
import json
from urllib.parse import unquote

import frappe
from frappe import _
from frappe.model import table_fields

FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class InvalidRequestBody(frappe.ValidationError):
	http_status_code = 400


def validate_request_body() -> None:
	request = getattr(frappe.local, "request", None)
	if not request:
		return
	if client_write := _client_write(request.path):
		_validate_client_write(client_write)
		return
	if not _is_document_write(request.method, request.path):
		return
	if (request.mimetype or "") in FORM_CONTENT_TYPES:
		body = frappe.form_dict.get("data")
		if body is None:
			return
	else:
		body = frappe.form_dict.get("data") if request.is_json else None
		if body is None:
			body = request.get_data(as_text=True)
			if not body.strip():
				if request.is_json:
					_refuse()
				return
	if isinstance(body, str):
		try:
			body = json.loads(body)
		except ValueError:
			_refuse()
	if not isinstance(body, dict):
		_refuse()
	_refuse_non_scalar_values(_document_type(request.path), body)


APP_METHOD_PREFIXES = ("/api/method/chidao_dieuhanh.", "/api/v1/method/chidao_dieuhanh.")


def validate_method_arguments() -> None:
	request = getattr(frappe.local, "request", None)
	path = request.path if request else ""
	prefix = next((p for p in APP_METHOD_PREFIXES if path.startswith(p)), None)
	if not prefix:
		return
	method = path[len(prefix) - len("chidao_dieuhanh.") :].strip("/")
	try:
		fn = frappe.get_attr(method)
	except Exception:
		return  # Frappe answers an unknown method itself
	if fn not in frappe.whitelisted:
		return
	missing = [
		name
		for name, parameter in inspect.signature(fn).parameters.items()
		if parameter.default is inspect.Parameter.empty
		and parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY)
		and frappe.form_dict.get(name) is None
	]
	if missing:
		frappe.throw(
			_("Missing argument: {0}.").format(", ".join(missing)),
			InvalidRequestBody,
			title=_("Invalid Request"),
		)


CLIENT_WRITES = (
	"frappe.client.insert",
	"frappe.client.save",
	"frappe.client.submit",
	"frappe.client.insert_many",
	"frappe.client.set_value",
	"frappe.desk.form.save.savedocs",  # the desk form's save
)


def _client_write(path: str) -> str | None:
	"""The frappe.client method that writes documents the path calls, if any."""
	for prefix in ("/api/method/", "/api/v1/method/", "/api/v2/method/"):
		if path.startswith(prefix):
			method = path[len(prefix) :].strip("/")
			return method if method in CLIENT_WRITES else None
	return None


def _validate_client_write(method: str) -> None:
	"""The same check for Frappe's own document writes by method: `doc` (insert, save, submit, the desk
	form's savedocs), `docs` (insert_many), `fieldname` and `value` (set_value, by one field or by an
	object of fields)."""
	form = frappe.form_dict
	if method == "frappe.client.set_value":
		values = _set_value_values(form.get("fieldname"), form.get("value"))
		if isinstance(form.get("doctype"), str) and all(isinstance(k, str) for k in values):
			_refuse_non_scalar_values(form.get("doctype"), values)
		return
	docs = _parsed(form.get("docs")) if method == "frappe.client.insert_many" else [_parsed(form.get("doc"))]
	for doc in docs if isinstance(docs, list) else []:
		if isinstance(doc, dict) and isinstance(doc.get("doctype"), str):
			_refuse_non_scalar_values(doc["doctype"], doc)


def _set_value_values(fieldname, value) -> dict:
	"""The fields frappe.client.set_value sets, read as it reads them: `fieldname` parsed as an object of
	fields only when `value` is empty (then a plain field name is cleared)."""
	if value:
		return {fieldname: value} if isinstance(fieldname, str) else {}
	parsed = _parsed(fieldname)
	if isinstance(parsed, dict):
		return parsed
	if isinstance(fieldname, str) and parsed is not fieldname:  # JSON, but not an object of fields
		frappe.throw(
			_("Give the name of one field, or an object of field names and values."),
			InvalidRequestBody,
			title=_("Invalid Request"),
		)
	return {fieldname: ""} if isinstance(fieldname, str) else {}


def _parsed(value):
	"""A JSON argument as Frappe's method reads it (a string is parsed; unparsable text stays text)."""
	if isinstance(value, str):
		try:
			return json.loads(value)
		except ValueError:
			return value
	return value


def _is_document_write(method: str, path: str) -> bool:
	"""POST /api/resource/<doctype>, PUT /api/resource/<doctype>/<name> (and /api/v1/resource/...,
	/api/v2/document/..., where PATCH updates too)."""
	for prefix in ("/api/resource/", "/api/v1/resource/", "/api/v2/document/"):
		if path.startswith(prefix):
			parts = [p for p in path[len(prefix) :].split("/") if p]
			return (method == "POST" and len(parts) == 1) or (method in ("PUT", "PATCH") and len(parts) >= 2)
	return False


def _document_type(path: str) -> str | None:
	for prefix in ("/api/resource/", "/api/v1/resource/", "/api/v2/document/"):
		if path.startswith(prefix):
			parts = [p for p in path[len(prefix) :].split("/") if p]
			return unquote(parts[0]) if parts else None
	return None


SCALAR = (str, int, float, bool, type(None))


def _refuse_non_scalar_values(doctype: str | None, values: dict, depth: int = 0) -> None:
	"""A field takes one value (a table field a list of rows): Frappe v15 checks a Link given a list or an
	object with a server error ("unhashable type") before any of the document's own checks."""
	if not doctype or not frappe.db.exists("DocType", doctype):
		return
	meta = frappe.get_meta(doctype)
	for fieldname, value in values.items():
		df = meta.get_field(fieldname)
		if not df:
			continue
		if df.fieldtype in table_fields:
			if value is None:
				continue
			if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
				_refuse_field(meta, df)
			if depth == 0:
				for row in value:
					_refuse_non_scalar_values(df.options, row, depth + 1)
		elif df.fieldtype != "JSON" and not isinstance(value, SCALAR):
			_refuse_field(meta, df)


def _refuse_field(meta, df) -> None:
	frappe.throw(
		_("{0}: one value is expected, not a list or an object.").format(_(df.label, context=meta.name)),
		InvalidRequestBody,
		title=_("Invalid Request"),
	)


def _refuse() -> None:
	frappe.throw(
		_("The request body must be a JSON object of field names and values."),
		InvalidRequestBody,
		title=_("Invalid Request"),
	)
