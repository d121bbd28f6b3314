"""The demo province's data files (chidao_dieuhanh/demo_data/) are well-formed and agree with each other and
with the app's doctypes, without a site."""

import csv
import json
from pathlib import Path
from string import Formatter

import pytest

import chidao_dieuhanh
from chidao_dieuhanh.chidao_dieuhanh.doctype.agency_type.agency_type import COMMUNE, STANDARD_TYPES
from chidao_dieuhanh.edxml import is_valid_organ_id

APP = Path(chidao_dieuhanh.__file__).parent
DATA = APP / "demo_data"
COMMUNES_TASK = "XA"  # a task given to several communes and wards
PLACEHOLDERS = {"y", "y1", "y0", "n"}
STANDARD_TYPE_NAMES = {name for name, _description in STANDARD_TYPES}


def read_csv(name):
	with open(DATA / name, encoding="utf-8", newline="") as file:
		return list(csv.DictReader(file))


def read_json(path):
	with open(path, encoding="utf-8") as file:
		return json.load(file)


def options(doctype, fieldname):
	folder = doctype.lower().replace(" ", "_")
	meta = read_json(APP / "chidao_dieuhanh" / "doctype" / folder / f"{folder}.json")
	field = next(f for f in meta["fields"] if f["fieldname"] == fieldname)
	return {option for option in field["options"].split("\n") if option}


USERS = read_csv("office_users.csv")
SECTORS = read_csv("sectors.csv")
AGENCIES = read_csv("agencies.csv")
SYMBOLS = read_csv("document_symbols.csv")
DIRECTIVES = read_json(DATA / "directives.json")
TEXTS = read_json(DATA / "texts.json")
NAMES = read_json(DATA / "names.json")
OFFICERS = read_csv("agency_officers.csv")
PERIODIC = read_json(DATA / "periodic_tasks.json")
WORK_TEXTS = read_json(DATA / "work_texts.json")
ROLES = {role["name"] for role in read_json(APP / "fixtures" / "role.json")}
LOGINS = {user["login"]: user for user in USERS}
TASK_AGENCIES = {agency["code"] for agency in AGENCIES if agency["is_group"] == "0"}
AGENCY_TYPES = {agency["code"]: agency["agency_type"] for agency in AGENCIES}


# The root has no parent; groups of agencies (not agencies themselves) have no electronic ID code; only the
# leaders' titles are written in e-mails.
OPTIONAL_COLUMNS = {"parent", "organ_id", "official_title"}


def unique(values):
	values = list(values)
	return len(values) == len(set(values))


@pytest.mark.parametrize(
	("name", "columns"),
	[
		("office_users.csv", ["login", "full_name", "roles", "title", "official_title"]),
		(
			"sectors.csv",
			["code", "name", "vice_chairman", "tracking_officer", "letter_suffix", "description"],
		),
		("agencies.csv", ["code", "name", "parent", "agency_type", "is_group", "has_head", "organ_id"]),
		("document_symbols.csv", ["document_type", "symbol"]),
		("agency_officers.csv", ["login", "agency", "title"]),
	],
)
def test_csv_files_have_their_columns_and_trimmed_values(name, columns):
	assert not (DATA / name).read_bytes().startswith(b"\xef\xbb\xbf"), "UTF-8 without a byte order mark"
	rows = read_csv(name)
	assert rows and list(rows[0]) == columns
	for row in rows:
		assert None not in row and None not in row.values(), f"{name}: a row with too many or too few cells"
		assert all(value == value.strip() for value in row.values()), row
		assert all(row[column] for column in columns if column not in OPTIONAL_COLUMNS), row


def test_office_users():
	assert unique(user["login"] for user in USERS)
	assert unique(user["full_name"] for user in USERS)
	for user in USERS:
		assert set(user["roles"].split(";")) <= ROLES, user
		leads = {"Leader", "Office Leader"} & set(user["roles"].split(";"))
		assert bool(user["official_title"]) == bool(leads), user
		assert user["title"].startswith(user["official_title"]), user


def test_sectors_name_their_leaders_and_officers():
	assert unique(sector["code"] for sector in SECTORS)
	assert unique(sector["name"] for sector in SECTORS)
	for sector in SECTORS:
		assert "Leader" in LOGINS[sector["vice_chairman"]]["roles"].split(";"), sector
		assert "Tracking Officer" in LOGINS[sector["tracking_officer"]]["roles"].split(";"), sector


def test_agency_tree():
	assert unique(agency["code"] for agency in AGENCIES)
	assert unique(agency["name"] for agency in AGENCIES)
	assert [agency["parent"] for agency in AGENCIES].count("") == 1 and not AGENCIES[0]["parent"]
	groups_so_far = set()
	for agency in AGENCIES:
		assert agency["is_group"] in ("0", "1") and agency["has_head"] in ("0", "1"), agency
		assert agency["agency_type"] in STANDARD_TYPE_NAMES, agency
		assert not agency["parent"] or agency["parent"] in groups_so_far, f"parent listed first: {agency}"
		assert agency["is_group"] == "0" or agency["has_head"] == "0", agency
		if agency["is_group"] == "1":
			groups_so_far.add(agency["code"])


def test_agency_users_do_not_take_office_logins():
	agency_logins = [agency["code"].lower() for agency in AGENCIES if agency["code"] in TASK_AGENCIES]
	agency_logins += [f"lanhdao.{agency['code'].lower()}" for agency in AGENCIES if agency["has_head"] == "1"]
	agency_logins += [officer["login"] for officer in OFFICERS]
	assert unique(agency_logins)
	assert not set(agency_logins) & set(LOGINS)


def test_names_give_enough_distinct_people():
	for names in (NAMES["surnames"], *NAMES["male"].values(), *NAMES["female"].values()):
		assert names and unique(names) and all(name and name == name.strip() for name in names)
	combinations = len(NAMES["surnames"]) * sum(
		len(gender["middle"]) * len(gender["given"]) for gender in (NAMES["male"], NAMES["female"])
	)
	people = (
		len(TASK_AGENCIES)
		+ sum(agency["has_head"] == "1" for agency in AGENCIES)
		+ len(USERS)
		+ len(OFFICERS)
	)
	assert people < combinations, "person_names draws a new name for everyone"


def placeholders(text):
	return {field for _literal, field, _spec, _conversion in Formatter().parse(text) if field is not None}


def test_directives():
	sectors = {sector["code"] for sector in SECTORS}
	communes = [code for code in TASK_AGENCIES if AGENCY_TYPES[code] == COMMUNE]
	assert len(communes) >= 8, "a communes' task goes to up to 8 of them"
	assert unique(directive["summary"] for directive in DIRECTIVES)
	for directive in DIRECTIVES:
		assert set(directive) == {"sector", "source_type", "document_type", "summary", "tasks"}, directive
		assert directive["sector"] in sectors
		assert directive["source_type"] in options("Directive", "source_type")
		assert directive["document_type"] in options("Directive", "document_type")
		assert placeholders(directive["summary"]) <= PLACEHOLDERS, directive["summary"]
		assert directive["tasks"], directive["summary"]
		for task in directive["tasks"]:
			assert set(task) == {"lead", "content", "coordinators"}, task
			assert task["content"] and placeholders(task["content"]) <= PLACEHOLDERS, task
			assert task["lead"] in TASK_AGENCIES or task["lead"] == COMMUNES_TASK, task
			assert set(task["coordinators"]) <= TASK_AGENCIES and unique(task["coordinators"]), task
			assert task["lead"] not in task["coordinators"], task
			assert task["lead"] != COMMUNES_TASK or not task["coordinators"], "communes' tasks have none"


def test_document_symbols_are_for_document_types():
	assert unique(row["document_type"] for row in SYMBOLS)
	assert {row["document_type"] for row in SYMBOLS} <= options("Directive", "document_type")


def test_texts():
	may_be_empty = {"difficulties", "proposals", "approve_notes"}  # an empty text: none
	assert set(TEXTS) == {
		"progress_reports",
		"final_reports",
		"difficulties",
		"proposals",
		"refuse_reasons",
		"return_reasons",
		"suspend_reasons",
		"cancel_reasons",
		"extension_reasons",
		"approve_notes",
		"refuse_notes",
		"reminder_messages",
		"progress_change_reason",
	}
	assert TEXTS["progress_change_reason"]
	lists = {key: texts for key, texts in TEXTS.items() if key != "progress_change_reason"}
	for key, texts in lists.items():
		assert texts and all(isinstance(text, str) and text == text.strip() for text in texts), key
		assert key in may_be_empty or all(texts), f"{key}: every text is said"


def test_agencies_have_electronic_id_codes():
	organ_ids = [agency["organ_id"] for agency in AGENCIES if agency["organ_id"]]
	assert unique(organ_ids)
	assert all(is_valid_organ_id(organ_id) for organ_id in organ_ids), organ_ids
	assert all(agency["organ_id"] for agency in AGENCIES if agency["is_group"] == "0")
	assert AGENCIES[0]["organ_id"], "the People's Committee itself, which sends the directives"


def test_agency_officers_belong_to_agencies_that_approve_their_reports():
	assert len({officer["agency"] for officer in OFFICERS}) >= 4, "forwarding in several agencies"
	assert {AGENCY_TYPES[officer["agency"]] for officer in OFFICERS} >= {COMMUNE}, "communes hand over too"
	for officer in OFFICERS:
		assert officer["agency"] in TASK_AGENCIES, officer
		assert officer["login"].startswith(officer["agency"].lower() + "."), officer
	# an agency without a head has its focal point approve (demo.create_agency_officers): both kinds shown
	heads = {agency["code"] for agency in AGENCIES if agency["has_head"] == "1"}
	assert {officer["agency"] in heads for officer in OFFICERS} == {True, False}


def test_periodic_reports():
	from chidao_dieuhanh.periodic_tasks import DAY_OF_MONTH_RULE, WORKING_DAYS_RULE

	directive = PERIODIC["directive"]
	assert set(directive) == {"sector", "source_type", "document_type", "summary"}
	assert directive["sector"] in {sector["code"] for sector in SECTORS}
	assert directive["source_type"] in options("Directive", "source_type")
	assert directive["document_type"] in options("Directive", "document_type")
	assert placeholders(directive["summary"]) <= {"y"}
	assert directive["summary"] not in {d["summary"] for d in DIRECTIVES}
	groups = {agency["code"] for agency in AGENCIES if agency["is_group"] == "1"}
	assert {task["frequency"] for task in PERIODIC["tasks"]} == {"Monthly", "Quarterly"}
	assert {task["rule"] for task in PERIODIC["tasks"]} == {DAY_OF_MONTH_RULE, WORKING_DAYS_RULE}
	assert unique(task["content"] for task in PERIODIC["tasks"])
	for task in PERIODIC["tasks"]:
		assert set(task) == {"content", "leads", "sample_leads", "frequency", "rule", "days"}, task
		assert task["content"] and not placeholders(task["content"]), "copied as it is by Auto Repeat"
		assert task["rule"] in options("Directive Task", "repeat_deadline_rule")
		assert 1 <= task["days"] <= (31 if task["rule"] == DAY_OF_MONTH_RULE else 1000), task
		assert set(task["leads"]) <= TASK_AGENCIES | groups and unique(task["leads"]), task
		assert set(task["sample_leads"]) <= TASK_AGENCIES and unique(task["sample_leads"]), task


def test_work_texts():
	assert set(WORK_TEXTS) == {
		"handover_notes",
		"officer_reports",
		"contributions",
		"explanation_requests",
		"delay_reasons",
		"planned_actions",
		"accept_notes",
		"refuse_notes",
		"instructions",
		"delegation_reasons",
	}
	for key, texts in WORK_TEXTS.items():
		assert texts and all(isinstance(text, str) and text and text == text.strip() for text in texts), key
		assert unique(texts), key


@pytest.mark.parametrize("name", sorted(path.name for path in DATA.iterdir()))
def test_no_district_level(name):
	"""Local government has two levels since 1 July 2025: no district in the demo."""
	text = (DATA / name).read_text(encoding="utf-8").lower()
	for word in ("huyện", "quận", "thị xã", "district"):
		assert word not in text, (name, word)
