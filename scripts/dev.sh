#!/usr/bin/env bash
# Sets up MariaDB, Redis and a Frappe v15 bench for chidao_dieuhanh, and runs the app or its tests.
#
#   scripts/dev.sh run     services + bench + demo site, then `bench start` (desk on :8000)
#   scripts/dev.sh test    services + bench, pure-Python tests, run-tests on a fresh test site, browser tests
#   scripts/dev.sh setup   services + bench + app only
#
# Settings (environment): FRAPPE_PATH (a local Frappe checkout; default: upstream GitHub),
# FRAPPE_BRANCH, BENCH_DIR, BENCH_USER (used when run as root: bench refuses root),
# SITE, TEST_SITE, DB_ROOT_PASSWORD, ADMIN_PASSWORD.
set -euo pipefail

APP=chidao_dieuhanh
APP_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FRAPPE_BRANCH="${FRAPPE_BRANCH:-version-15}"
FRAPPE_PATH="${FRAPPE_PATH:-}"
SITE="${SITE:-chidao.localhost}"
TEST_SITE="${TEST_SITE:-test.chidao.localhost}"
export DB_ROOT_PASSWORD="${DB_ROOT_PASSWORD:-chidao-root}"  # also for scripts/replica.sh and test_replica.py
ADMIN_PASSWORD="${ADMIN_PASSWORD:-admin}"

if [ "$(id -u)" = 0 ]; then
	BENCH_USER="${BENCH_USER:-frappe}"
	BENCH_HOME="/home/$BENCH_USER"
else
	BENCH_USER="$(id -un)"
	BENCH_HOME="$HOME"
fi
BENCH_DIR="${BENCH_DIR:-$BENCH_HOME/chidao-bench}"
BENCH_CLI_ENV="$BENCH_HOME/.local/share/frappe-bench-cli"
RESULTS="$(mktemp -d)"  # test logs, read for the closing summary line

log() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }
die() { printf '\n\033[1;31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# Runs a command as the bench user, with the bench CLI and yarn on PATH.
as_bench_user() {
	local path="$BENCH_CLI_ENV/bin:/usr/local/bin:/usr/bin:/bin"
	if [ "$(id -u)" = 0 ]; then
		runuser -u "$BENCH_USER" -- env HOME="$BENCH_HOME" USER="$BENCH_USER" LOGNAME="$BENCH_USER" \
			PATH="$path" LANG=C.UTF-8 "$@"
	else
		env PATH="$path:$PATH" "$@"
	fi
}

bench_cmd() { (cd "$BENCH_DIR" && as_bench_user bench "$@"); }

apt_install() {
	log "Installing Debian packages: $*"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_packages() {
	local missing=()
	command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server mariadb-client)
	command -v redis-server >/dev/null || missing+=(redis-server)
	command -v git >/dev/null || missing+=(git)
	command -v rsync >/dev/null || missing+=(rsync)
	command -v node >/dev/null || missing+=(nodejs npm)
	[ -x /usr/bin/python3 ] || missing+=(python3)
	/usr/bin/python3 -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv python3-pip)
	[ -e /usr/include/python3.11/Python.h ] || [ -n "$(ls /usr/include/python3*/Python.h 2>/dev/null)" ] ||
		missing+=(python3-dev)
	dpkg -s pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
	dpkg -s libmariadb-dev >/dev/null 2>&1 || missing+=(libmariadb-dev)
	# PDFs: made by wkhtmltopdf (Frappe's print), read back by pdftotext and pdfsig (poppler-utils); the
	# signature tests make pdfsig trust a test root through an NSS database (certutil).
	command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
	command -v pdfsig >/dev/null || missing+=(poppler-utils)
	command -v certutil >/dev/null || missing+=(libnss3-tools)
	# The official report's font: Liberation Serif 2 (Times New Roman's metrics, Vietnamese letters; 1.07 has
	# none of them).
	dpkg -s fonts-liberation2 >/dev/null 2>&1 || missing+=(fonts-liberation2)
	if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
	local fonts_conf=/etc/fonts/conf.d/70-liberation2-serif.conf
	if [ ! -f "$fonts_conf" ]; then
		# With both installed, wkhtmltopdf takes Liberation Serif 1.07's bold, which lacks the Vietnamese letters.
		as_root tee "$fonts_conf" >/dev/null <<'FONTS'
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
	<selectfont><rejectfont><glob>/usr/share/fonts/truetype/liberation/LiberationSerif-*</glob></rejectfont></selectfont>
</fontconfig>
FONTS
		as_root fc-cache -f >/dev/null
	fi
	if ! yarn --version 2>/dev/null | grep -q "^1\."; then
		log "Installing yarn from the npm registry"
		as_root npm install -g --silent yarn@1
	fi
}

ensure_mariadb() {
	local conf=/etc/mysql/mariadb.conf.d/99-frappe.cnf restart=
	if [ ! -f "$conf" ]; then
		log "Configuring MariaDB for Frappe (utf8mb4)"
		as_root tee "$conf" >/dev/null <<'CNF'
[mysqld]
character-set-client-handshake = FALSE
character-set-server = utf8mb4
collation-server = utf8mb4_unicode_ci
innodb_buffer_pool_size = 1G

[mysql]
default-character-set = utf8mb4
CNF
		restart=1
	fi
	# The binary log, from which the read replica of the tests replicates (scripts/replica.sh).
	local replication=/etc/mysql/mariadb.conf.d/99-frappe-replication.cnf
	if [ ! -f "$replication" ]; then
		log "Turning on MariaDB's binary log (for the read replica)"
		as_root tee "$replication" >/dev/null <<'CNF'
# chidao_dieuhanh: binary log for a read replica (scripts/replica.sh, docs/scaling.md), kept three hours
[mysqld]
server_id = 1
log_bin = mariadb-bin
binlog_format = ROW
binlog_expire_logs_seconds = 10800
max_binlog_size = 100M
CNF
		restart=1
	fi
	if [ -n "$restart" ] && mysqladmin ping >/dev/null 2>&1; then as_root service mariadb restart >/dev/null; fi
	if ! mysqladmin ping >/dev/null 2>&1; then
		log "Starting MariaDB"
		as_root service mariadb start >/dev/null || die "MariaDB did not start"
	fi
	for _ in $(seq 30); do mysqladmin ping >/dev/null 2>&1 && break; sleep 1; done
	# Frappe logs in as root with a password; keep socket login for the system's root too.
	if ! mysql -uroot -p"$DB_ROOT_PASSWORD" -h127.0.0.1 -e 'SELECT 1' >/dev/null 2>&1; then
		log "Setting the MariaDB root password"
		as_root mysql -uroot -e "ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket OR \
			mysql_native_password USING PASSWORD('$DB_ROOT_PASSWORD'); FLUSH PRIVILEGES;" ||
			die "Cannot set the MariaDB root password; set DB_ROOT_PASSWORD to the one in use"
	fi
}

ensure_bench_user() {
	[ "$(id -u)" = 0 ] || return 0
	if ! id "$BENCH_USER" >/dev/null 2>&1; then
		log "Creating user $BENCH_USER (bench refuses to run as root)"
		useradd --create-home --shell /bin/bash "$BENCH_USER"
	fi
	chmod o+rx "$BENCH_HOME"
	as_bench_user git config --global --get-all safe.directory | grep -qx '\*' ||
		as_bench_user git config --global --add safe.directory '*'
}

ensure_bench_cli() {
	if [ ! -x "$BENCH_CLI_ENV/bin/bench" ]; then
		log "Installing the bench CLI (frappe-bench from PyPI)"
		as_bench_user /usr/bin/python3 -m venv "$BENCH_CLI_ENV"
		as_bench_user "$BENCH_CLI_ENV/bin/pip" install -q frappe-bench
	fi
}

ensure_bench() {
	if [ -d "$BENCH_DIR/apps/frappe" ] && [ -x "$BENCH_DIR/env/bin/python" ]; then
		log "Reusing the bench at $BENCH_DIR"
		return 0
	fi
	[ ! -e "$BENCH_DIR" ] || die "$BENCH_DIR exists but is not a complete bench; remove it and run again"
	local source_args=()
	if [ -n "$FRAPPE_PATH" ]; then
		[ -d "$FRAPPE_PATH/.git" ] || die "FRAPPE_PATH=$FRAPPE_PATH is not a git checkout of Frappe"
		source_args=(--frappe-path "$FRAPPE_PATH")
		log "Creating a bench at $BENCH_DIR from the local Frappe checkout $FRAPPE_PATH ($FRAPPE_BRANCH)"
	else
		log "Creating a bench at $BENCH_DIR from upstream Frappe ($FRAPPE_BRANCH)"
	fi
	as_bench_user mkdir -p "$(dirname "$BENCH_DIR")"
	if ! (cd "$(dirname "$BENCH_DIR")" && as_bench_user bench init "$BENCH_DIR" \
		--frappe-branch "$FRAPPE_BRANCH" "${source_args[@]}" --python /usr/bin/python3 --dev --no-backups); then
		as_bench_user rm -rf "$BENCH_DIR"
		die "No Frappe could be had: bench init failed. Without internet access, give a local Frappe \
version-15 checkout as FRAPPE_PATH=/path/to/frappe."
	fi
}

# Python packages the bench's environment lacks: pkg_resources (gone from setuptools 81, still imported
# by Frappe v15's Google integrations) and pytest for the pure-Python tests.
ensure_bench_env() {
	local python="$BENCH_DIR/env/bin/python"
	(cd / && as_bench_user "$python" -c 'import pkg_resources, pytest' 2>/dev/null) ||
		as_bench_user "$BENCH_DIR/env/bin/pip" install -q "setuptools<81" pytest
}

redis_port() { sed -n 's/^port \([0-9]*\)/\1/p' "$BENCH_DIR/config/$1.conf"; }

ensure_redis() {
	local name port
	for name in redis_cache redis_queue; do
		port="$(redis_port "$name")"
		if ! redis-cli -p "$port" ping >/dev/null 2>&1; then
			log "Starting $name on port $port"
			(cd "$BENCH_DIR/config" && as_bench_user redis-server "$name.conf" --daemonize yes >/dev/null)
		fi
		for _ in $(seq 20); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.5; done
	done
}

stop_redis() {
	local name
	for name in redis_cache redis_queue; do
		redis-cli -p "$(redis_port "$name")" shutdown nosave >/dev/null 2>&1 || true
	done
}

# Copies this checkout into the bench (the bench user cannot write here) and installs it.
sync_app() {
	log "Syncing $APP into the bench"
	as_root rsync -a --delete --exclude node_modules --exclude '__pycache__' --exclude '*.pyc' \
		--exclude '/artefacts' "$APP_SRC/" "$BENCH_DIR/apps/$APP/"
	[ "$(id -u)" != 0 ] || chown -R "$BENCH_USER:$BENCH_USER" "$BENCH_DIR/apps/$APP"
	# (Re)install when the app is new to the bench or its dependencies changed.
	local stamp="$BENCH_DIR/env/.$APP-pyproject"
	if ! (cd / && as_bench_user "$BENCH_DIR/env/bin/python" -c "import $APP" 2>/dev/null) ||
		! cmp -s "$APP_SRC/pyproject.toml" "$stamp"; then
		as_bench_user "$BENCH_DIR/env/bin/pip" install -q -e "$BENCH_DIR/apps/$APP"
		as_bench_user cp "$BENCH_DIR/apps/$APP/pyproject.toml" "$stamp"
	fi
	if ! grep -qx "$APP" "$BENCH_DIR/sites/apps.txt"; then
		# apps.txt may lack its final newline.
		as_bench_user sed -i -e '$a\' "$BENCH_DIR/sites/apps.txt"
		as_bench_user sh -c "echo $APP >> '$BENCH_DIR/sites/apps.txt'"
	fi
	if [ -d "$BENCH_DIR/apps/$APP/$APP/public" ]; then
		bench_cmd build --app "$APP" >/dev/null
	fi
}

new_site() {
	local site="$1"
	log "Creating site $site"
	bench_cmd new-site "$site" --db-root-username root --db-root-password "$DB_ROOT_PASSWORD" \
		--admin-password "$ADMIN_PASSWORD" --install-app "$APP" --force
}

setup() {
	ensure_packages
	ensure_mariadb
	ensure_bench_user
	ensure_bench_cli
	ensure_bench
	ensure_bench_env
	ensure_redis
	sync_app
}

run_pure_tests() {
	log "Pure-Python tests"
	(cd "$BENCH_DIR/apps/$APP" && as_bench_user "$BENCH_DIR/env/bin/python" -m pytest -q tests) |
		tee "$RESULTS/pure.log"
}

run_site_tests() {
	new_site "$TEST_SITE"
	bench_cmd --site "$TEST_SITE" set-config allow_tests true
	log "Frappe integration tests (run-tests --app $APP)"
	# Frappe's run-tests exits non-zero on failures only when CI is set.
	CI=1 bench_cmd --site "$TEST_SITE" run-tests --app "$APP" 2>&1 | tee "$RESULTS/site.log"
	grep -Eq "^OK( \(.*\))?$" "$RESULTS/site.log" || die "Frappe integration tests failed"
}

# Browser tests: Debian's Chromium driven by Playwright for Python (Playwright's own browser download is not
# used); pdftotext (installed with the services) reads the printed report back.
ensure_e2e_tools() {
	local missing=()
	[ -x /usr/bin/chromium ] || missing+=(chromium)
	if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
	(cd / && as_bench_user "$BENCH_DIR/env/bin/python" -c 'import playwright' 2>/dev/null) ||
		as_bench_user "$BENCH_DIR/env/bin/pip" install -q playwright
}

# The tests start the site's web and realtime servers themselves and load the demo data into the test site.
# The isolation suite (test_isolation.py, test_bad_input.py) adds its own agencies and users next to it.
# Screenshots, the printed PDF and the servers' logs go to artefacts/e2e (not committed).
run_e2e_tests() {
	ensure_e2e_tools
	local artefacts="$APP_SRC/artefacts/e2e"
	rm -rf "$artefacts"
	mkdir -p "$artefacts"
	[ "$(id -u)" != 0 ] || chown "$BENCH_USER:$BENCH_USER" "$artefacts"
	log "Browser tests in headless Chromium (screenshots in $artefacts)"
	if ! (cd "$BENCH_DIR/sites" && as_bench_user env E2E_SITE="$TEST_SITE" E2E_ARTEFACTS="$artefacts" E2E_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
		"$BENCH_DIR/env/bin/python" -m pytest -q -p no:cacheprovider "../apps/$APP/e2e") 2>&1 |
		tee "$RESULTS/e2e.log"; then
		die "Browser tests failed (screenshots and server logs in $artefacts)"
	fi
}

# The read replica of test_replica.py: a second MariaDB on port 3307, the bench user's; the test seeds it with
# the test site's database.
start_replica() {
	log "Starting the read replica (scripts/replica.sh, port 3307)"
	(cd / && as_bench_user "$BENCH_DIR/apps/$APP/scripts/replica.sh" start) || die "The read replica did not start"
}

cmd_test() {
	setup
	run_pure_tests
	start_replica
	run_site_tests
	run_e2e_tests
	local pure site e2e
	pure="$(sed -n 's/^\([0-9]*\) passed.*/\1/p' "$RESULTS/pure.log" | tail -1)"
	site="$(sed -n 's/^Ran \([0-9]*\) tests\{0,1\} in .*/\1/p' "$RESULTS/site.log" | tail -1)"
	e2e="$(sed -n 's/^\([0-9]*\) passed.*/\1/p' "$RESULTS/e2e.log" | tail -1)"
	log "All tests passed: $pure pure-Python, $site on the site, $e2e in the browser"
	echo "tests: $((pure + site + e2e)) passed, 0 failed"
}

cmd_run() {
	setup
	if [ -d "$BENCH_DIR/sites/$SITE" ]; then
		bench_cmd --site "$SITE" migrate
	else
		new_site "$SITE"
		log "Loading the demo data (Vietnamese)"
		bench_cmd --site "$SITE" execute "$APP.demo.setup_demo"
	fi
	bench_cmd use "$SITE"
	stop_redis
	log "Starting the bench: open http://localhost:8000 (see README for the demo users)"
	bench_cmd start
}

# scripts/production.sh sources this file for its functions: then no command runs.
[ "${BASH_SOURCE[0]}" = "$0" ] || return 0

case "${1:-}" in
	setup) setup ;;
	test) cmd_test ;;
	run) cmd_run ;;
	pure-tests) run_pure_tests ;;
	*) echo "usage: $0 {setup|run|test|pure-tests}" >&2; exit 2 ;;
esac
