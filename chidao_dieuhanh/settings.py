"""Directive Settings, read in one place.

Values are read uncached (a single row of tabSingles each); the two role and state lists, read on every
permission check, are cached until the settings are saved. Defaults live in the doctype;
`set_missing_defaults` stores them, and the lists' first contents, for settings added after install."""

from dataclasses import dataclass
from dataclasses import field as dataclass_field

import frappe
from frappe.utils import cint, flt

from chidao_dieuhanh import task_states
from chidao_dieuhanh.deadlines import ReminderRule

SETTINGS = "Directive Settings"

# What a new site starts with; the office changes both lists in Directive Settings.
DEFAULT_ALL_AGENCY_ROLES = (
	"System Manager",
	"Directive Manager",
	"Leader",
	"Office Leader",
	"Tracking Officer",
)
DEFAULT_STATES_NEEDING_REASON = (
	task_states.REFUSED,
	task_states.RETURNED,
	task_states.SUSPENDED,
	task_states.CANCELLED,
)
LISTS = {
	"all_agency_roles": ("Has Role", "role", DEFAULT_ALL_AGENCY_ROLES),
	"states_needing_reason": ("Task Workflow State", "workflow_state", DEFAULT_STATES_NEEDING_REASON),
}
CACHE_KEY = "chidao_dieuhanh:settings_lists"


def get_value(fieldname: str):
	return frappe.db.get_single_value(SETTINGS, fieldname, cache=False)


def get_int(fieldname: str) -> int:
	return cint(get_value(fieldname))


def get_float(fieldname: str) -> float:
	return flt(get_value(fieldname))


def set_missing_defaults() -> None:
	"""Stores the doctype default of every setting that has no value yet (new fields on old sites), and
	the default contents of a list that was never filled."""
	singles = frappe.qb.Table("tabSingles")
	stored = set(
		frappe.qb.from_(singles).select(singles.field).where(singles.doctype == SETTINGS).run(pluck=True)
	)
	for df in frappe.get_meta(SETTINGS).fields:
		if df.default is not None and df.fieldname not in stored:
			frappe.db.set_single_value(SETTINGS, df.fieldname, df.default)
	settings = frappe.get_single(SETTINGS)
	changed = False
	for fieldname, (_doctype, field, defaults) in LISTS.items():
		if not settings.get(fieldname):
			for value in defaults:
				settings.append(fieldname, {field: value})
			changed = True
	if not settings.get("edxml_document_types"):
		for row in default_edxml_document_types():
			settings.append("edxml_document_types", row)
		changed = True
	if changed:
		# On install the workflow states come with the fixtures, synced after this runs.
		settings.flags.ignore_permissions = settings.flags.ignore_links = True
		settings.save()


def _rows(doctype: str, field: str, parentfield: str) -> list[str]:
	"""The values of one table of the settings, in their order."""
	return frappe.get_all(
		doctype,
		filters={"parent": SETTINGS, "parenttype": SETTINGS, "parentfield": parentfield},
		pluck=field,
		order_by="idx",
	)


def _lists() -> dict[str, tuple[str, ...]]:
	def load():
		return {
			fieldname: tuple(_rows(doctype, field, fieldname))
			for fieldname, (doctype, field, _defaults) in LISTS.items()
		}

	return frappe.cache.get_value(CACHE_KEY, generator=load)


def clear_cache() -> None:
	"""After the settings are saved (renaming or disabling a role clears Frappe's whole cache; a listed
	role cannot be deleted)."""
	frappe.cache.delete_value(CACHE_KEY)
	frappe.cache.delete_key("bootinfo")


def all_agency_roles() -> frozenset[str]:
	"""Roles whose users see every agency's directives and tasks (Directive Settings)."""
	return frozenset(_lists()["all_agency_roles"])


def states_needing_reason() -> tuple[str, ...]:
	return _lists()["states_needing_reason"]


def due_soon_days() -> int:
	return get_int("due_soon_days")


def max_extensions() -> int:
	return get_int("max_extensions")


def explanation_response_days() -> int:
	"""Working days an agency has to answer an explanation request, unless the office gives another."""
	return get_int("explanation_response_days")


def explanation_penalty() -> float:
	"""Ranking points an agency loses per explanation request not explained in time or refused."""
	return get_float("explanation_penalty")


def working_calendar() -> str | None:
	return get_value("working_calendar")


def reminder_rule() -> ReminderRule:
	return ReminderRule(
		days_before=get_int("remind_days_before"),
		on_deadline_day=bool(get_int("remind_on_deadline_day")),
		overdue_interval=get_int("overdue_reminder_interval"),
	)


def digest_weekday() -> str:
	return get_value("digest_weekday") or "Monday"


def digest_recipients() -> list[str]:
	return _rows("Directive Digest Recipient", "user", "digest_recipients")


@dataclass(frozen=True)
class LgspSettings:
	"""Directive Settings → Integration Platform (LGSP): where the edXML statuses go (edxml_status.py)."""

	enabled: bool
	status_url: str
	username: str
	password: str = dataclass_field(repr=False)  # kept out of error logs
	organ_id: str
	organ_name: str
	max_attempts: int
	timeout: int


def lgsp_settings() -> LgspSettings:
	from frappe.utils.password import get_decrypted_password

	enabled = bool(get_int("lgsp_enabled"))
	return LgspSettings(
		enabled=enabled,
		status_url=(get_value("lgsp_status_url") or "").strip(),
		username=get_value("lgsp_username") or "",
		password=(enabled and get_decrypted_password(SETTINGS, SETTINGS, "lgsp_password", False)) or "",
		organ_id=get_value("lgsp_organ_id") or "",
		organ_name=get_value("lgsp_organ_name") or "",
		max_attempts=max(get_int("lgsp_max_attempts"), 1),
		timeout=max(get_int("lgsp_timeout"), 1),
	)


def default_edxml_document_types() -> list[dict]:
	"""The first contents of the edXML document type mapping (chidao_dieuhanh/edxml_document_types.csv)."""
	import csv

	with open(frappe.get_app_path("chidao_dieuhanh", "edxml_document_types.csv"), encoding="utf-8") as file:
		return list(csv.DictReader(file))


def edxml_max_package_bytes() -> int:
	return get_int("edxml_max_package_mb") * 1024 * 1024


def edxml_document_types() -> list[tuple[str, str, str]]:
	"""(edXML code, edXML type name, document type) rows of the mapping, in their order."""
	table = frappe.qb.DocType("edXML Document Type")
	return [
		tuple(row)
		for row in frappe.qb.from_(table)
		.select(table.edxml_code, table.edxml_name, table.document_type)
		.where(
			(table.parent == SETTINGS)
			& (table.parenttype == SETTINGS)
			& (table.parentfield == "edxml_document_types")
		)
		.orderby(table.idx)
		.run()
	]


@dataclass(frozen=True)
class SigningSettings:
	"""Directive Settings → Digital Signature: the site's PKCS#12 certificate and the signer shown on the
	signed reports (signatures.py)."""

	certificate: str  # the private file's URL
	password: str
	signer_name: str
	signer_title: str
	reason: str
	location: str
	signs_for_head: bool = False  # a deputy signing "KT." (on behalf of) the head
	head_title: str = ""


def signing_settings() -> SigningSettings:
	from frappe.utils.password import get_decrypted_password

	return SigningSettings(
		certificate=get_value("signing_certificate") or "",
		password=get_decrypted_password(SETTINGS, SETTINGS, "signing_certificate_password", False) or "",
		signer_name=(get_value("signer_name") or "").strip(),
		signer_title=(get_value("signer_title") or "").strip(),
		reason=(get_value("signing_reason") or "").strip(),
		location=(get_value("signing_location") or "").strip(),
		signs_for_head=bool(get_int("signs_for_head")),
		head_title=(get_value("head_title") or "").strip(),
	)


@dataclass(frozen=True)
class IssuingOffice:
	"""Directive Settings → Issuing Office: who the office is, for the sender line of e-mails and the
	heading of official reports."""

	province_name: str  # "Tỉnh Hòa An"
	issuing_authority: str  # "Ủy ban nhân dân tỉnh Hòa An"
	office_name: str  # "Văn phòng Ủy ban nhân dân tỉnh Hòa An"
	office_address: str
	office_phone: str
	office_email: str
	place_name: str  # địa danh of dates: "Hòa An, ngày 05 tháng 02 năm 2026"


ISSUING_OFFICE_FIELDS = tuple(IssuingOffice.__dataclass_fields__)


def issuing_office() -> IssuingOffice:
	values = frappe.db.get_values_from_single(ISSUING_OFFICE_FIELDS, None, SETTINGS, as_dict=True)
	values = values[0] if values else {}
	return IssuingOffice(**{field: (values.get(field) or "").strip() for field in ISSUING_OFFICE_FIELDS})
