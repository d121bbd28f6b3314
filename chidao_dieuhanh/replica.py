"""Reports, counts and charts on a read replica.

When the site config names a read replica (Frappe v15's keys: `read_from_replica: 1`, `replica_host`,
`replica_db_port`, and for other credentials `different_credentials_for_replica: 1` with `replica_db_name`
and `replica_db_password`), Frappe's `@frappe.read_only()` runs the decorated call on a connection to the
replica and puts the primary back afterwards; everything else, every write included, stays on the primary.
Frappe v15 already routes `frappe.desk.query_report.run` (every Script Report of the app: the statistics,
the ranking, Overdue Tasks), the list views' `frappe.desk.reportview` calls and the workspaces. The app
routes what Frappe does not: dashboard charts and their sources, number cards, counts, the printed official
report, and the weekly digest's queries (digest.py).

A replica that does not answer is not waited for: before each request and background job the replica is
pinged over a kept connection; when it does not answer, that request or job reads the primary, and so does
every other for DOWN_SECONDS, after which the replica is tried again.
"""

import threading
from contextlib import contextmanager

import frappe
import pymysql
from frappe.desk.doctype.number_card import number_card
from frappe.utils import cint

# How long an unreachable replica is left alone before it is tried again.
DOWN_SECONDS = 30
CONNECT_TIMEOUT_SECONDS = 1
# How long a job waits for the replica to apply what it has just written before it reads the primary.
CATCH_UP_SECONDS = 10
DOWN_KEY = "chidao_dieuhanh:replica_down"

_checks = threading.local()


def replica_connection_settings() -> dict | None:
	"""The connection frappe.connect_replica makes, or None when the site reads no replica."""
	conf = frappe.local.conf
	if not conf.read_from_replica:
		return None
	user, password = conf.db_name, conf.db_password
	if conf.different_credentials_for_replica:
		user, password = conf.replica_db_name, conf.replica_db_password
	return {
		"host": conf.replica_host or "127.0.0.1",
		"port": cint(conf.replica_db_port) or 3306,
		"user": user,
		"password": password,
		"database": conf.db_name,
	}


def replica_answers(settings: dict) -> bool:
	"""A ping over this thread's kept connection to the replica (a new connection when it has none)."""
	key = tuple(sorted(settings.items()))
	connection = getattr(_checks, "connection", None)
	if connection is not None and _checks.key == key:
		try:
			connection.ping(reconnect=False)
			return True
		except pymysql.Error:
			connection.close()
	_checks.connection = None
	try:
		_checks.connection = pymysql.connect(
			**settings, connect_timeout=CONNECT_TIMEOUT_SECONDS, read_timeout=CONNECT_TIMEOUT_SECONDS
		)
		_checks.key = key
		return True
	except pymysql.Error:
		return False


def read_primary_when_replica_is_down() -> None:
	"""before_request and before_job (hooks.py): the request or job reads the primary when the replica
	does not answer."""
	settings = replica_connection_settings()
	if not settings:
		return
	if frappe.cache.get_value(DOWN_KEY) or not replica_answers(settings):
		if not frappe.cache.get_value(DOWN_KEY):
			frappe.cache.set_value(DOWN_KEY, 1, expires_in_sec=DOWN_SECONDS)
			frappe.logger("replica").warning(
				f"read replica {settings['host']}:{settings['port']} does not answer: reading the primary"
				f" for {DOWN_SECONDS} s"
			)
		frappe.local.conf.read_from_replica = 0


def on_replica() -> bool:
	primary = getattr(frappe.local, "primary_db", None)
	return primary is not None and frappe.local.db is not primary


@contextmanager
def without_bookkeeping_writes():
	"""On the replica, Frappe's own bookkeeping writes (a chart's "last synced on", a document's "seen")
	would be refused: Frappe skips them under its read-only flag, which also makes transactions READ ONLY."""
	if not on_replica():
		yield
		return
	before = frappe.flags.read_only
	frappe.flags.read_only = True
	try:
		yield
	finally:
		frappe.flags.read_only = before


def read_primary_unless_caught_up(timeout: int = CATCH_UP_SECONDS) -> None:
	"""Before a job reads what it has just written (the digest after the status refresh): commits, and
	reads the primary for the rest of the job unless the replica applies that write within `timeout`."""
	settings = replica_connection_settings()
	if not settings:
		return
	frappe.db.commit()
	gtid = frappe.db.sql("select @@last_gtid")[0][0]
	if not gtid:
		return
	try:
		connection = pymysql.connect(
			**settings,
			connect_timeout=CONNECT_TIMEOUT_SECONDS,
			read_timeout=timeout + CONNECT_TIMEOUT_SECONDS,
		)
		with connection, connection.cursor() as cursor:
			cursor.execute("select master_gtid_wait(%s, %s)", (gtid, timeout))
			if cint(cursor.fetchone()[0]) == 0:
				return
	except pymysql.Error:
		pass
	frappe.logger("replica").warning(
		f"read replica has not applied {gtid} in {timeout} s: reading the primary"
	)
	frappe.local.conf.read_from_replica = 0


@frappe.whitelist()
@frappe.read_only()
def get_number_card_result(doc, filters, to_date=None):
	"""Frappe's number card value (frappe.desk.doctype.number_card.number_card.get_result), on the
	replica."""
	return number_card.get_result(doc, filters, to_date)


@frappe.whitelist()
@frappe.read_only()
def get_number_card_percentage_difference(doc, filters, result):
	return number_card.get_percentage_difference(doc, filters, result)
