#!/usr/bin/env bash
# A second MariaDB on this machine, replicating from the first by its binary log: the read replica of the
# tests (chidao_dieuhanh/tests/test_replica.py) and of docs/scaling.md.
#
#   scripts/replica.sh start          start it (its data directory is made on the first start)
#   scripts/replica.sh stop           stop it (replication resumes where it stopped on the next start)
#   scripts/replica.sh status         is it up, and its replication threads, lag and last error
#   scripts/replica.sh seed DB [DB…]  copy these databases from the primary and replicate them from then on
#   scripts/replica.sh ensure DB      seed DB unless the replica already holds it, caught up and unbroken
#   scripts/replica.sh forget DB      stop replicating DB and drop the replica's copy
#
# Only the databases given to `seed` are replicated (replicate_do_db, kept in $REPLICA_DIR/do_db). A seed
# dumps the database from the primary in one transaction with its binary log position (mariadb-dump
# --single-transaction --master-data), brings the other replicated databases up to that position, loads
# the dump and copies the database's users, then replicates it too. Seed again after a site is recreated.
# The primary needs its binary log (scripts/dev.sh writes /etc/mysql/mariadb.conf.d/99-frappe-replication.cnf).
#
# Settings (environment): REPLICA_DIR (default ~/chidao-replica), REPLICA_PORT (3307), PRIMARY_HOST
# (127.0.0.1), PRIMARY_PORT (3306), DB_ROOT_PASSWORD (chidao-root, root's password on both servers),
# REPLICATION_PASSWORD (chidao-replication, of the user `chidao_replication` on the primary).
# Runs as the bench user (not root): the replica's files and process are that user's.
set -euo pipefail
PATH="$PATH:/usr/sbin:/sbin"  # mariadbd, also for users whose PATH lacks the system directories

REPLICA_DIR="${REPLICA_DIR:-$HOME/chidao-replica}"
REPLICA_PORT="${REPLICA_PORT:-3307}"
PRIMARY_HOST="${PRIMARY_HOST:-127.0.0.1}"
PRIMARY_PORT="${PRIMARY_PORT:-3306}"
DB_ROOT_PASSWORD="${DB_ROOT_PASSWORD:-chidao-root}"
REPLICATION_USER=chidao_replication
REPLICATION_PASSWORD="${REPLICATION_PASSWORD:-chidao-replication}"
DATA="$REPLICA_DIR/data"
SOCKET="$REPLICA_DIR/mariadbd.sock"
PID_FILE="$REPLICA_DIR/mariadbd.pid"
DO_DB="$REPLICA_DIR/do_db"

die() { printf 'replica: ERROR: %s\n' "$*" >&2; exit 1; }
say() { printf 'replica: %s\n' "$*"; }

[ "$(id -u)" != 0 ] || die "run as the bench user, not root (the replica's files are that user's)"

primary() { mariadb -uroot -p"$DB_ROOT_PASSWORD" -h"$PRIMARY_HOST" -P"$PRIMARY_PORT" "$@"; }
replica() { mariadb -uroot -p"$DB_ROOT_PASSWORD" --socket="$SOCKET" "$@"; }
is_up() { mariadb-admin -uroot -p"$DB_ROOT_PASSWORD" --socket="$SOCKET" ping >/dev/null 2>&1; }
listed() { [ -s "$DO_DB" ] && grep -vx "${1:-}" "$DO_DB" | paste -sd, || true; }
slave_field() { replica -e "SHOW SLAVE STATUS\G" | sed -n "s/^ *$1: //p"; }

init_datadir() {
	say "making the data directory $DATA"
	mkdir -p "$DATA"
	mariadb-install-db --no-defaults --datadir="$DATA" --auth-root-authentication-method=normal \
		--skip-test-db >"$REPLICA_DIR/install.log" 2>&1 || die "mariadb-install-db failed: $REPLICA_DIR/install.log"
	start_server --skip-slave-start
	mariadb -uroot --socket="$SOCKET" -e "ALTER USER root@localhost IDENTIFIED BY '$DB_ROOT_PASSWORD'"
}

start_server() {
	local options=()
	if [ -s "$DO_DB" ]; then
		while read -r db; do options+=("--replicate-do-db=$db"); done <"$DO_DB"
	else
		# Without a list of databases a replica would apply every database of the primary.
		options+=(--skip-slave-start)
	fi
	# Detached (its own session) so that it outlives the test or script that started it.
	setsid mariadbd --no-defaults --datadir="$DATA" --socket="$SOCKET" --pid-file="$PID_FILE" \
		--port="$REPLICA_PORT" --bind-address=127.0.0.1 --log-error="$REPLICA_DIR/mariadbd.err" \
		--server-id=2 --read-only=1 --skip-log-bin --relay-log=relay-bin --relay-log-space-limit=1G \
		--character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
		--character-set-client-handshake=FALSE --innodb-buffer-pool-size=128M --performance-schema=OFF \
		--innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 --innodb-file-per-table=0 \
		--innodb-flush-method=nosync \
		"${options[@]}" "$@" </dev/null >/dev/null 2>&1 &
	for _ in $(seq 120); do
		if mariadb-admin --socket="$SOCKET" -uroot -p"$DB_ROOT_PASSWORD" ping >/dev/null 2>&1 ||
			mariadb-admin --socket="$SOCKET" -uroot ping >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.25
	done
	die "the replica did not start on port $REPLICA_PORT (see $REPLICA_DIR/mariadbd.err)"
}

cmd_start() {
	[ "$(primary -Nse 'SELECT @@log_bin')" = 1 ] ||
		die "the primary at $PRIMARY_HOST:$PRIMARY_PORT has no binary log: run scripts/dev.sh setup as root"
	if is_up; then say "running on port $REPLICA_PORT"; return 0; fi
	mkdir -p "$REPLICA_DIR"
	if [ ! -d "$DATA/mysql" ]; then init_datadir; else start_server; fi
	say "running on port $REPLICA_PORT"
}

cmd_stop() {
	if ! is_up; then say "not running"; return 0; fi
	mariadb-admin -uroot -p"$DB_ROOT_PASSWORD" --socket="$SOCKET" shutdown
	for _ in $(seq 120); do [ -e "$PID_FILE" ] || break; sleep 0.25; done
	say "stopped"
}

cmd_status() {
	if ! is_up; then say "not running"; return 3; fi
	say "running on port $REPLICA_PORT, replicating: $(listed)"
	replica -e "SHOW SLAVE STATUS\G" | grep -E \
		'^ *(Slave_IO_Running|Slave_SQL_Running|Seconds_Behind_Master|Exec_Master_Log_Pos|Last_Error):' || true
}

# Brings the replicated databases other than $1 to the primary's position $2:$3, then stops there.
catch_up_to() {
	local others
	others="$(listed "$1")"
	if [ -z "$others" ]; then
		replica -e "CHANGE MASTER TO MASTER_LOG_FILE='$2', MASTER_LOG_POS=$3"
		return 0
	fi
	replica -e "SET GLOBAL replicate_do_db='$others';
		START SLAVE UNTIL MASTER_LOG_FILE='$2', MASTER_LOG_POS=$3"
	# The SQL thread stops by itself at that position (MASTER_POS_WAIT answers NULL once it has stopped).
	local status
	for _ in $(seq 240); do
		status="$(replica -e "SHOW SLAVE STATUS\G")"
		if ! grep -q '^ *Slave_SQL_Running: Yes' <<<"$status"; then break; fi
		sleep 0.25
	done
	replica -e "STOP SLAVE"
	local file pos
	file="$(sed -n 's/^ *Relay_Master_Log_File: //p' <<<"$status")"
	pos="$(sed -n 's/^ *Exec_Master_Log_Pos: //p' <<<"$status")"
	if [[ "$file" < "$2" ]] || { [ "$file" = "$2" ] && [ "$pos" -lt "$3" ]; }; then
		die "the replica did not reach the primary's position $2:$3 ($file:$pos): $(slave_field Last_Error)"
	fi
}

# The primary's users of the database, with their password hashes and grants.
copy_users() {
	local grantee
	for grantee in $(primary -Nse "SELECT DISTINCT CONCAT('\`', User, '\`@\`', Host, '\`') FROM mysql.db
		WHERE Db = '$1'"); do
		{
			primary -Nse "SHOW CREATE USER $grantee" | sed 's/^CREATE USER/CREATE OR REPLACE USER/'
			primary -Nse "SHOW GRANTS FOR $grantee"
		} | sed 's/$/;/' | replica
	done
}

seed_one() {
	local db="$1" dump position file pos
	[ -n "$(primary -Nse "SHOW DATABASES LIKE '$db'")" ] || die "no database $db on the primary"
	dump="$(mktemp)"
	primary -e "CREATE USER IF NOT EXISTS '$REPLICATION_USER'@'localhost' IDENTIFIED BY '$REPLICATION_PASSWORD';
		GRANT REPLICATION SLAVE ON *.* TO '$REPLICATION_USER'@'localhost'"
	replica -e "STOP SLAVE"
	mariadb-dump -uroot -p"$DB_ROOT_PASSWORD" -h"$PRIMARY_HOST" -P"$PRIMARY_PORT" --single-transaction \
		--master-data=2 --databases "$db" >"$dump"
	position="$(sed -n "s/^-- CHANGE MASTER TO MASTER_LOG_FILE='\(.*\)', MASTER_LOG_POS=\([0-9]*\);/\1 \2/p" "$dump")"
	read -r file pos <<<"$position"
	[ -n "$pos" ] || die "the dump of $db has no binary log position"
	if [ -z "$(slave_field Master_Host)" ]; then
		replica -e "CHANGE MASTER TO MASTER_HOST='$PRIMARY_HOST', MASTER_PORT=$PRIMARY_PORT,
			MASTER_USER='$REPLICATION_USER', MASTER_PASSWORD='$REPLICATION_PASSWORD',
			MASTER_LOG_FILE='$file', MASTER_LOG_POS=$pos, MASTER_USE_GTID=no"
	else
		catch_up_to "$db" "$file" "$pos"
	fi
	replica -e "DROP DATABASE IF EXISTS \`$db\`"
	replica <"$dump"
	rm -f "$dump"
	copy_users "$db"
	{ listed "$db" | tr , '\n'; echo "$db"; } | grep . >"$DO_DB.new"
	mv "$DO_DB.new" "$DO_DB"
}

cmd_seed() {
	[ $# -gt 0 ] || die "usage: $0 seed DB [DB…]"
	cmd_start
	local started=$SECONDS db
	for db in "$@"; do seed_one "$db"; done
	replica -e "SET GLOBAL replicate_do_db='$(listed)'; START SLAVE"
	for _ in $(seq 40); do
		[ "$(slave_field Slave_IO_Running)" = Yes ] && [ "$(slave_field Slave_SQL_Running)" = Yes ] && break
		sleep 0.25
	done
	[ "$(slave_field Slave_SQL_Running)" = Yes ] && [ "$(slave_field Slave_IO_Running)" = Yes ] ||
		die "replication did not start: $(slave_field Last_IO_Error) $(slave_field Last_SQL_Error)"
	say "seeded $* in $((SECONDS - started)) s; replicating: $(listed)"
}

# Same tables and, for a Frappe database, the same doctypes: the replica holds this incarnation of the site.
fingerprint() {
	"$@" -Nse "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '$DB'"
	if [ -n "$("$@" -Nse "SHOW TABLES FROM \`$DB\` LIKE 'tabDocType'")" ]; then
		"$@" -Nse "SELECT MD5(GROUP_CONCAT(name, modified ORDER BY name)) FROM \`$DB\`.tabDocType"
	fi
}

cmd_ensure() {
	[ $# = 1 ] || die "usage: $0 ensure DB"
	DB="$1"
	cmd_start
	local file pos
	if grep -qx "$DB" "$DO_DB" 2>/dev/null && [ "$(slave_field Slave_SQL_Running)" = Yes ] &&
		[ "$(slave_field Slave_IO_Running)" = Yes ]; then
		read -r file pos < <(primary -Nse "SHOW MASTER STATUS" | cut -f1,2)
		if [ "$(replica -Nse "SELECT MASTER_POS_WAIT('$file', $pos, 20)")" -ge 0 ] 2>/dev/null &&
			[ "$(fingerprint primary)" = "$(fingerprint replica)" ]; then
			copy_users "$DB"
			say "$DB is replicated and up to date"
			return 0
		fi
	fi
	cmd_seed "$DB"
}

cmd_forget() {
	[ $# = 1 ] || die "usage: $0 forget DB"
	cmd_start
	listed "$1" | tr , '\n' | grep . >"$DO_DB.new" || true
	mv "$DO_DB.new" "$DO_DB"
	replica -e "STOP SLAVE; DROP DATABASE IF EXISTS \`$1\`"
	if [ -s "$DO_DB" ]; then replica -e "SET GLOBAL replicate_do_db='$(listed)'; START SLAVE"; fi
	say "forgot $1; replicating: $(listed)"
}

case "${1:-}" in
	start) cmd_start ;;
	stop) cmd_stop ;;
	status) cmd_status ;;
	seed) shift; cmd_seed "$@" ;;
	ensure) shift; cmd_ensure "$@" ;;
	forget) shift; cmd_forget "$@" ;;
	*) echo "usage: $0 {start|stop|status|seed DB [DB…]|ensure DB|forget DB}" >&2; exit 2 ;;
esac
