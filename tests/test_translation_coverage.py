"""Every string of the app a user can see has Vietnamese in the context Frappe v15 looks it up with, and the
app's translations leave Frappe's own screens as Frappe ships them. No site needed.

How Frappe looks strings up (frappe/translate.py, frappe/public/js/frappe/form, list, model/indicator.js):
- a field's label and a Select field's options: `__(label, null, df.parent)`, context = the doctype (an
  option also without context in the list's pills);
- a doctype's name, a field's description, workflow states and actions, roles, workspace, number card,
  chart and report names: `__(text)`, no context;
- `_("...", context="...")` in Python, `__("...", [...], "...")` in JS, `_()` in Jinja: as written;
- the list's title column and Data Import's headers: `_(label)`, no context, on the app's own screens.

A lookup with context `source:context` falls back to `source`. The app's own translation is required for
its labels and options (a row with their context, or a context-free row of a string that is the app's own);
a string looked up without context may also read as Frappe translates it. A context-free row of the app
must not change a string Frappe translates: that would change it on every Frappe screen too."""

import ast
import csv
import json
import re
from pathlib import Path

import frappe

APP = Path(__file__).parents[1] / "chidao_dieuhanh"
MODULE = APP / "chidao_dieuhanh"
FRAPPE_VI = Path(frappe.__file__).parent / "translations" / "vi.csv"
APP_VI = APP / "translations" / "vi.csv"
# Marks a label Frappe looks up without context on the doctype's own screens, which must read the app's
# word: the app's own context-free row, or Frappe's translation if it is the app's word for that doctype.
OWN = "="


def read_rows(path: Path) -> list[list[str]]:
	with open(path, encoding="utf-8", newline="") as f:
		return [row for row in csv.reader(f) if row]


def translation_map(rows: list[list[str]]) -> dict[str, str]:
	"""As frappe.translate.get_translation_dict_from_file keys them."""
	return {(r[0] + ":" + r[2] if len(r) == 3 and r[2] else r[0]): r[1].strip() for r in rows}


def json_files(folder: str) -> list[Path]:
	return sorted((MODULE / folder).glob("*/*.json")) if (MODULE / folder).exists() else []


def doctype_strings():
	for path in json_files("doctype"):
		meta = json.loads(path.read_text(encoding="utf-8"))
		if meta.get("doctype") != "DocType":
			continue
		doctype = meta["name"]
		yield doctype, None, path
		for df in meta.get("fields", []):
			if df["fieldname"] == meta.get("title_field"):
				# The list's title column: `__(subject_field.label)`, no context.
				yield df["label"], OWN + doctype, path
		if meta.get("description"):
			yield meta["description"], None, path
		for df in meta.get("fields", []):
			if df.get("label"):
				yield df["label"], doctype, path
			if df.get("description"):
				yield df["description"], None, path
			if df.get("fieldtype") == "Select":
				for option in (df.get("options") or "").split("\n"):
					if option.strip():
						yield option.strip(), doctype, path
						# The list's pills and group-by counts: `__(value)`, no context.
						yield option.strip(), None, path


def import_template_strings():
	"""Frappe's Data Import matches headers with `_(label)`, no context: the template's headers."""
	path = APP / "import_template.json"
	spec = json.loads(path.read_text(encoding="utf-8"))
	fields = {}
	for meta_path in json_files("doctype"):
		meta = json.loads(meta_path.read_text(encoding="utf-8"))
		fields[meta["name"]] = {df["fieldname"]: df for df in meta.get("fields", [])}
	for column in spec["columns"]:
		table, _sep, fieldname = column["field"].rpartition(".")
		if table:
			table_df = fields[spec["doctype"]][table]
			yield table_df["label"], OWN + spec["doctype"], path
			yield fields[table_df["options"]][fieldname]["label"], OWN + table_df["options"], path
		else:
			yield fields[spec["doctype"]][fieldname]["label"], OWN + spec["doctype"], path


def desk_record_strings():
	"""Names Frappe's widgets and lists show with `__(name)`."""
	for folder, keys in {
		"report": ("report_name",),
		"number_card": ("label",),
		"dashboard_chart": ("chart_name",),
		"workspace": ("label", "title"),
		"dashboard_chart_source": ("source_name",),
	}.items():
		for path in json_files(folder):
			record = json.loads(path.read_text(encoding="utf-8"))
			for key in keys:
				if record.get(key):
					yield record[key], None, path
			for table in ("shortcuts", "links", "charts", "number_cards", "quick_lists"):
				for row in record.get(table, []):
					if row.get("label"):
						yield row["label"], None, path
			for column in record.get("columns", []):
				if column.get("label"):
					yield column["label"], record.get("ref_doctype"), path
			for report_filter in record.get("filters", []):
				if report_filter.get("label"):
					yield report_filter["label"], None, path


def fixture_strings():
	fixtures = APP / "fixtures"
	for workflow in json.loads((fixtures / "workflow.json").read_text(encoding="utf-8")):
		for state in workflow["states"]:
			yield state["state"], None, fixtures / "workflow.json"
		for transition in workflow["transitions"]:
			yield transition["action"], None, fixtures / "workflow.json"
	for role in json.loads((fixtures / "role.json").read_text(encoding="utf-8")):
		yield role["role_name"], None, fixtures / "role.json"
	yield (APP / "modules.txt").read_text(encoding="utf-8").strip(), None, APP / "modules.txt"


def python_strings():
	for path in sorted(APP.rglob("*.py")):
		if "tests" in path.relative_to(APP).parts or path.name.startswith("test_"):
			continue
		for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
			if not isinstance(node, ast.Call) or not node.args:
				continue
			name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
			message = node.args[0]
			if name not in ("_", "_lt") or not isinstance(message, ast.Constant):
				continue
			context = next((k.value.value for k in node.keywords if k.arg == "context"), None)
			if context is None and len(node.args) == 3 and isinstance(node.args[2], ast.Constant):
				context = node.args[2].value
			yield message.value, context, path


STRING = r"""("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|`(?:\\.|[^`\\$])*`)"""
JS_CALL = re.compile(
	r"\b__\(\s*" + STRING + r"(?:\s*,\s*(?:null|undefined|\[[^\]]*\])\s*,\s*" + STRING + r")?"
)
JINJA_CALL = re.compile(r"\b_\(\s*" + STRING + r"(?:\s*,\s*context\s*=\s*" + STRING + r")?")


def unquote(literal: str) -> str:
	return ast.literal_eval(literal) if literal[0] != "`" else literal[1:-1]


def script_strings():
	for pattern, paths in (
		(JS_CALL, sorted(APP.rglob("*.js"))),
		(JINJA_CALL, sorted([*APP.rglob("*.html"), *json_files("notification")])),
	):
		for path in paths:
			if "node_modules" in path.parts:
				continue
			for match in pattern.finditer(path.read_text(encoding="utf-8")):
				message, context = match.group(1), match.group(2)
				yield unquote(message), unquote(context) if context else None, path


def app_strings() -> list[tuple[str, str | None, Path]]:
	strings = [
		*doctype_strings(),
		*import_template_strings(),
		*desk_record_strings(),
		*fixture_strings(),
		*python_strings(),
		*script_strings(),
	]
	return [(s.strip(), c, p) for s, c, p in strings if s.strip() and re.search("[A-Za-z]", s)]


def untranslated(strings, app_rows, frappe_rows) -> list[str]:
	app = translation_map(app_rows)
	app_own = {r[0] for r in app_rows if not (len(r) == 3 and r[2])}
	frappe_map = translation_map(frappe_rows)
	missing = set()
	for source, context, path in strings:
		if context and context.startswith(OWN):
			own_word = app.get(f"{source}:{context[len(OWN) :]}")
			if source not in app_own and not (own_word and frappe_map.get(source) == own_word):
				missing.add(
					f"{path.relative_to(APP)}: {source!r} (looked up without context: the app's own word)"
				)
			continue
		if context and (f"{source}:{context}" in app or source in app_own):
			continue
		if not context and (source in app or source in frappe_map):
			continue
		missing.add(f"{path.relative_to(APP)}: {source!r}" + (f" (context {context!r})" if context else ""))
	return sorted(missing)


def test_every_visible_string_has_vietnamese_in_its_context():
	strings = app_strings()
	assert len(strings) > 500
	missing = untranslated(strings, read_rows(APP_VI), read_rows(FRAPPE_VI))
	assert not missing, f"{len(missing)} strings without Vietnamese:\n" + "\n".join(missing)


def test_context_free_rows_leave_frappe_translations_alone():
	frappe_map = translation_map(read_rows(FRAPPE_VI))
	changed = [
		f"{r[0]!r}: Frappe {frappe_map[r[0]]!r}, app {r[1]!r}"
		for r in read_rows(APP_VI)
		if not (len(r) == 3 and r[2]) and r[0] in frappe_map and frappe_map[r[0]] != r[1].strip()
	]
	assert not changed, "Context-free rows change Frappe's own translation:\n" + "\n".join(changed)


def test_each_source_and_context_is_translated_once():
	seen, twice = {}, []
	for row in read_rows(APP_VI):
		key = (row[0], row[2] if len(row) == 3 else "")
		if key in seen and seen[key] != row[1]:
			twice.append(f"{key}: {seen[key]!r} and {row[1]!r}")
		seen[key] = row[1]
	assert not twice, "\n".join(twice)


def test_rows_have_two_or_three_columns():
	assert all(len(row) in (2, 3) for row in read_rows(APP_VI))


def test_the_checker_sees_a_label_without_its_context():
	strings = [("Document Type", "Directive", APP / "x.json"), ("Document Type", None, APP / "y.json")]
	frappe_rows = [["Document Type", "loại tài liệu"]]
	assert untranslated(strings, [], frappe_rows) == ["x.json: 'Document Type' (context 'Directive')"]
	assert untranslated(strings, [["Document Type", "Loại văn bản", "Directive"]], frappe_rows) == []
	title = [("Content", OWN + "Directive Task", APP / "t.json")]
	assert untranslated(title, [["Content", "Nội dung", "Directive Task"]], [["Content", "Lọc nội dung"]])
	assert not untranslated(title, [["Content", "Nội dung", "Directive Task"]], [["Content", "Nội dung"]])
	assert not untranslated(
		[("Task Content", OWN, APP / "t.json")], [["Task Content", "Nội dung nhiệm vụ"]], []
	)


def test_the_checker_reads_js_and_jinja_calls():
	js = """__("Remind {0}", [name]) + __('Status', null, "Directive Task") + __(`Sent`)"""
	assert [(unquote(m.group(1)), m.group(2)) for m in JS_CALL.finditer(js)] == [
		("Remind {0}", None),
		("Status", '"Directive Task"'),
		("Sent", None),
	]
	jinja = """{{ _("Kính gửi") }} {{ _('Deadline', context="Directive Task") }}"""
	assert [(unquote(m.group(1)), m.group(2)) for m in JINJA_CALL.finditer(jinja)] == [
		("Kính gửi", None),
		("Deadline", '"Directive Task"'),
	]
