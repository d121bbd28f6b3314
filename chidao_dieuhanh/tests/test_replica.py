"""Reports, counts, charts and the digest on a real read replica: a second MariaDB on this machine
(scripts/replica.sh, port 3307) replicating this site's database from the primary by its binary log.

The replica's general log shows which of the app's queries it ran (and that none of them wrote); the
replica is read_only, so a write sent there would fail the request."""

import json
import os
import subprocess
import threading
import time

import frappe
import pymysql
from frappe.installer import update_site_config
from frappe.tests.test_api import FrappeAPITestCase
from frappe.utils import getdate, today
from frappe.utils.background_jobs import execute_job

from chidao_dieuhanh import replica
from chidao_dieuhanh.digest import WEEKDAYS
from chidao_dieuhanh.tests.factories import ProvinceTestCase, delete_mail_about, make_directive, make_task
from chidao_dieuhanh.tests.test_permissions import api_token

REPLICA_PORT = int(os.environ.get("REPLICA_PORT") or 3307)
ROOT_PASSWORD = os.environ.get("DB_ROOT_PASSWORD") or "chidao-root"
SCRIPT = os.path.join(os.path.dirname(frappe.get_app_path("chidao_dieuhanh")), "scripts", "replica.sh")
REPLICA_CONFIG = {"read_from_replica": 1, "replica_host": "127.0.0.1", "replica_db_port": REPLICA_PORT}
REPORT = "frappe.desk.query_report.run"
SETTINGS = "Directive Settings"
WRITES = ("insert", "update", "delete", "replace")


def replica_script(*args: str) -> str:
	result = subprocess.run(
		[SCRIPT, *args],
		capture_output=True,
		text=True,
		timeout=180,
		env={**os.environ, "REPLICA_PORT": str(REPLICA_PORT), "DB_ROOT_PASSWORD": ROOT_PASSWORD},
	)
	if result.returncode:
		raise AssertionError(f"scripts/replica.sh {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
	return result.stdout


def replica_root() -> pymysql.Connection:
	return pymysql.connect(
		host="127.0.0.1", port=REPLICA_PORT, user="root", password=ROOT_PASSWORD, autocommit=True
	)


def run_as_job(method: str, **kwargs):
	"""`method` as a background worker runs it: in its own thread, site connection and hooks."""
	outcome = {}

	def work():
		try:
			outcome["value"] = execute_job(site, method, None, "test_replica", kwargs)
		except Exception as error:
			outcome["error"] = error

	site = frappe.local.site
	worker = threading.Thread(target=work)
	worker.start()
	worker.join()
	if "error" in outcome:
		raise outcome["error"]
	return outcome.get("value")


class TestReportsOnReplica(ProvinceTestCase, FrappeAPITestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.started = time.monotonic()
		replica_script("ensure", frappe.conf.db_name)
		cls.replica = replica_root()
		cls.start_replica()
		cls.token = api_token(cls.p.officer)
		cls.directive = make_directive(summary="Chỉ đạo thử bản sao", document_number="77/UBND-REPL")
		cls.task = make_task(cls.directive, cls.p.agency_a).name
		frappe.db.commit()
		for key, value in REPLICA_CONFIG.items():
			update_site_config(key, value)
		frappe.cache.delete_value(replica.DOWN_KEY)

	@classmethod
	def tearDownClass(cls):
		for key in REPLICA_CONFIG:
			update_site_config(key, "None")
		replica_script("start")
		cls.sql_on_replica("SET GLOBAL general_log = 0")
		cls.sql_on_replica("TRUNCATE mysql.general_log")
		cls.replica.close()
		frappe.cache.delete_value(replica.DOWN_KEY)
		frappe.delete_doc("Directive Task", cls.task, force=True, ignore_permissions=True)
		frappe.delete_doc("Directive", cls.directive, force=True, ignore_permissions=True)
		frappe.db.commit()
		print(f"test_replica: {time.monotonic() - cls.started:.1f} s")
		super().tearDownClass()

	def setUp(self):
		self.sql_on_replica("TRUNCATE mysql.general_log")

	def tearDown(self):
		self.start_replica()
		frappe.cache.delete_value(replica.DOWN_KEY)
		super().tearDown()

	@classmethod
	def start_replica(cls):
		"""Started when stopped, with its general log on (a server's own setting, lost when it stops)."""
		replica_script("start")
		cls.sql_on_replica("SET GLOBAL log_output = 'TABLE', general_log = 1")

	@classmethod
	def sql_on_replica(cls, query: str, values=None) -> tuple:
		cls.replica.ping(reconnect=True)
		with cls.replica.cursor() as cursor:
			cursor.execute(query, values)
			return cursor.fetchall()

	def queries_on_replica(self) -> list[str]:
		"""What this site's database user sent to the replica since the test began."""
		rows = self.sql_on_replica(
			"SELECT argument FROM mysql.general_log WHERE command_type = 'Query' AND user_host LIKE %s",
			(f"{frappe.conf.db_name}[%",),
		)
		return [frappe.safe_decode(row[0]) for row in rows]

	def assert_read_on_replica(self, marker: str):
		queries = self.queries_on_replica()
		self.assertTrue([q for q in queries if marker in q], f"no query with {marker} on the replica")
		self.assertFalse([q for q in queries if q.strip().lower().startswith(WRITES)])

	def call(self, method: str, **params):
		response = self.get(self.method(method), params, headers={"Authorization": self.token})
		frappe.db.commit()
		self.assertEqual(response.status_code, 200, response.json)
		return response.json.get("message")

	def test_statistics_report_reads_the_replica(self):
		# A period no other test uses: its dates mark the report's own query in the replica's log.
		filters = {"from_date": "2011-03-07", "to_date": "2011-03-08"}
		result = self.call(REPORT, report_name="Task Statistics by Agency", filters=json.dumps(filters))
		self.assertIn("columns", result)
		self.assert_read_on_replica("2011-03-07")

	def test_number_card_chart_and_count_read_the_replica(self):
		marker = f"replica-probe-{frappe.generate_hash(length=8)}"
		card = frappe.get_doc("Number Card", "Open Tasks").as_dict()
		filters = json.dumps([["Directive Task", "content", "!=", marker]])
		count = self.call(
			"frappe.desk.doctype.number_card.number_card.get_result",
			doc=json.dumps(card, default=str),
			filters=filters,
		)
		self.assertGreaterEqual(count, 0)
		# A saved chart as the desk asks for it: its cache is refreshed, and Frappe's "last synced on"
		# (a write) is skipped on the replica rather than refused.
		chart = self.call(
			"frappe.desk.doctype.dashboard_chart.dashboard_chart.get",
			chart_name="Tasks by Lead Agency",
			filters=filters,
			refresh=1,
		)
		self.assertTrue(chart is None or "datasets" in chart, chart)  # None: no task to draw
		self.call("frappe.client.get_count", doctype="Directive Task", filters=filters)
		queries = [q for q in self.queries_on_replica() if marker in q]
		self.assertGreaterEqual(len(queries), 3, queries)
		self.assert_read_on_replica(marker)

	def test_task_saved_on_primary_shows_on_replica(self):
		marker = f"Báo cáo kết quả, bản {frappe.generate_hash(length=8)}"
		task = frappe.get_doc("Directive Task", self.task)
		task.content = marker
		task.save()
		frappe.db.commit()
		committed = time.monotonic()
		query = f"SELECT name FROM `{frappe.conf.db_name}`.`tabDirective Task` WHERE content = %s"
		while not self.sql_on_replica(query, (marker,)):
			self.assertLess(time.monotonic() - committed, 10, "the task did not reach the replica in 10 s")
			time.sleep(0.002)
		print(f"test_replica: replication lag {1000 * (time.monotonic() - committed):.0f} ms")
		listed = self.call(
			"frappe.desk.reportview.get_list",
			doctype="Directive Task",
			filters=json.dumps({"name": self.task}),
			fields=json.dumps(["name", "content"]),
		)
		self.assertEqual([(row["name"], row["content"]) for row in listed], [(self.task, marker)])
		self.assert_read_on_replica(self.task)

	def test_digest_reads_replica_and_writes_primary(self):
		day = getdate(today())
		frappe.db.delete("Directive Digest", {"digest_date": day})
		# The settings as the digest reads them (uncached), without the settings' slow save.
		saved = {f: frappe.db.get_single_value(SETTINGS, f) for f in ("send_weekly_digest", "digest_weekday")}
		frappe.db.set_single_value(
			SETTINGS, {"send_weekly_digest": 1, "digest_weekday": WEEKDAYS[day.weekday()]}
		)
		recipient = frappe.get_doc(
			{
				"doctype": "Directive Digest Recipient",
				"parent": SETTINGS,
				"parenttype": SETTINGS,
				"parentfield": "digest_recipients",
				"idx": 99,
				"user": self.p.leader,
			}
		)
		recipient.db_insert()
		# Its mail is the Notification's business (test_digest.py), and slow: off while this test runs.
		frappe.db.set_value("Notification", "Weekly Directive Digest", "enabled", 0)
		# A deadline status the digest's status refresh corrects: the digest then waits for the replica to
		# apply that write before it reads.
		frappe.db.set_value("Directive Task", self.task, "deadline_status", "Overdue")
		frappe.db.commit()
		name = None
		try:
			name = run_as_job("chidao_dieuhanh.digest.send_weekly_digest")
			self.assertTrue(name)
			frappe.db.rollback()  # a fresh snapshot of the primary
			self.assertEqual(frappe.db.get_value("Directive Digest", name, "digest_date"), day)
			queries = self.queries_on_replica()
			self.assertTrue([q for q in queries if "master_gtid_wait" in q])
			self.assertTrue([q for q in queries if "`tabDirective Digest`" in q and "select" in q.lower()])
			self.assert_read_on_replica("tabDirective Task")
		finally:
			frappe.db.set_single_value(SETTINGS, saved)
			frappe.db.delete("Directive Digest Recipient", {"name": recipient.name})
			frappe.db.set_value("Notification", "Weekly Directive Digest", "enabled", 1)
			if name:
				delete_mail_about("Directive Digest", [name])
				frappe.delete_doc("Directive Digest", name, force=True, ignore_permissions=True)
			frappe.db.commit()

	def test_stopped_replica_reports_read_the_primary(self):
		filters = json.dumps({"from_date": "2011-03-07", "to_date": "2011-03-08"})
		on_replica = self.call(REPORT, report_name="Task Statistics by Agency", filters=filters)
		replica_script("stop")
		started = time.monotonic()
		on_primary = self.call(REPORT, report_name="Task Statistics by Agency", filters=filters)
		self.assertLess(time.monotonic() - started, 5)
		self.assertEqual(on_primary["result"], on_replica["result"])
		self.assertTrue(frappe.cache.get_value(replica.DOWN_KEY))
		# While the replica is down, counts and lists read the primary too.
		self.call("frappe.client.get_count", doctype="Directive Task")
		self.call("frappe.desk.reportview.get_count", doctype="Directive Task")
		self.start_replica()
		frappe.cache.delete_value(replica.DOWN_KEY)
		self.call(REPORT, report_name="Task Statistics by Agency", filters=filters)
		self.assert_read_on_replica("2011-03-07")
