#!/usr/bin/env bash
# Turns this machine into a production server for chidao_dieuhanh the standard Frappe way: a bench of its own
# run by `bench setup production` (nginx and supervisor from Debian packages), HTTPS, scheduled backups.
#
#   scripts/production.sh setup    (also: start) set up or bring up to date; idempotent; prints the URL
#   scripts/production.sh status   supervisor's programs and the URL
#   scripts/production.sh backup   a backup now, with files (what the nightly cron entry runs)
#   scripts/production.sh restore-check   restores the latest backup onto a fresh site, compares rows and files
#   scripts/production.sh smoke    setup (twice), login through nginx on 80 and 443, desk, API, a scheduled
#                                  job run by a worker, backup + restore-check, then undo (PROD_KEEP=1: keep)
#   scripts/production.sh undo     bench disable-production, backup cron entry removed, nginx/supervisor stopped
#
# Run as root (or a user with sudo). The bench itself runs as BENCH_USER (frappe), like scripts/dev.sh.
# Settings (environment), besides dev.sh's FRAPPE_PATH, FRAPPE_BRANCH, BENCH_USER, DB_ROOT_PASSWORD:
#   PROD_BENCH_DIR (default ~frappe/chidao-prod), PROD_SITE (prod.chidao.localhost),
#   PROD_SSL_CERTIFICATE + PROD_SSL_CERTIFICATE_KEY (PEM paths; none: a self-signed one is made),
#   PROD_BACKUP_DAYS (7), PROD_BACKUP_CRON ("30 1 * * *"), PROD_ADMIN_PASSWORD (new site only; default:
#   generated into $PROD_BENCH_DIR/config/admin-password), PROD_BACKGROUND_WORKERS (1 per queue),
#   PROD_WEB_PORT (8100), PROD_SOCKETIO_PORT (9100), PROD_REDIS_CACHE_PORT (13100), PROD_REDIS_QUEUE_PORT (11100).
set -euo pipefail

# shellcheck source=scripts/dev.sh
source "$(dirname "${BASH_SOURCE[0]}")/dev.sh"

PROD_BENCH_DIR="${PROD_BENCH_DIR:-$BENCH_HOME/chidao-prod}"
PROD_SITE="${PROD_SITE:-prod.chidao.localhost}"
PROD_RESTORE_SITE="${PROD_RESTORE_SITE:-restore-check.$PROD_SITE}"
PROD_BACKUP_DAYS="${PROD_BACKUP_DAYS:-7}"
PROD_BACKUP_CRON="${PROD_BACKUP_CRON:-30 1 * * *}"
PROD_BACKGROUND_WORKERS="${PROD_BACKGROUND_WORKERS:-1}"
PROD_WEB_PORT="${PROD_WEB_PORT:-8100}"
PROD_SOCKETIO_PORT="${PROD_SOCKETIO_PORT:-9100}"
PROD_REDIS_CACHE_PORT="${PROD_REDIS_CACHE_PORT:-13100}"
PROD_REDIS_QUEUE_PORT="${PROD_REDIS_QUEUE_PORT:-11100}"
SELF_SIGNED_DIR=/etc/ssl/chidao
# dev.sh's functions (bench_cmd, sync_app, new_site) work on $BENCH_DIR.
BENCH_DIR="$PROD_BENCH_DIR"
BENCH_NAME="$(basename "$PROD_BENCH_DIR")"
CRON_MARK="# chidao_dieuhanh production backup ($PROD_BENCH_DIR)"
SUPERVISORD_CONF=/etc/supervisor/supervisord.conf

# bench as root (setup production, disable-production), from the bench directory.
bench_root() { (cd "$PROD_BENCH_DIR" && as_root env PATH="$BENCH_CLI_ENV/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" bench "$@"); }

db_query() { mysql -uroot -p"$DB_ROOT_PASSWORD" -h127.0.0.1 -N -B "$@"; }

site_db() { json_get "$PROD_BENCH_DIR/sites/$1/site_config.json" db_name; }

json_get() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get(sys.argv[2], ""))' "$1" "$2"; }

# Sets keys of a JSON config file (key=<JSON value> ...) as the bench user; writes only when something differs,
# in bench's own layout (indent 1, sorted keys). Prints "changed" when it wrote.
json_merge() {
	local file="$1"
	shift
	as_bench_user python3 - "$file" "$@" <<'PY'
import json, sys
path, pairs = sys.argv[1], sys.argv[2:]
with open(path) as f:
	conf = json.load(f)
new = dict(conf)
for pair in pairs:
	key, value = pair.split("=", 1)
	new[key] = json.loads(value)
if new != conf:
	with open(path, "w") as f:
		json.dump(new, f, indent=1, sort_keys=True)
	print("changed")
PY
}

ensure_prod_packages() {
	local missing=()
	command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
	command -v supervisorctl >/dev/null || missing+=(supervisor)
	command -v crontab >/dev/null || missing+=(cron)
	command -v sudo >/dev/null || missing+=(sudo)  # bench setup production calls `sudo nginx -t`
	# bench setup production installs these itself (pip, ansible roles) when missing; Debian's are used instead.
	command -v fail2ban-client >/dev/null || [ -x /usr/bin/fail2ban-client ] || missing+=(fail2ban)
	command -v ansible >/dev/null || missing+=(ansible-core)
	command -v openssl >/dev/null || missing+=(openssl)
	command -v curl >/dev/null || missing+=(curl)
	if [ ${#missing[@]} -gt 0 ]; then
		log "Installing Debian packages: ${missing[*]}"
		as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
		as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	fi
}

ensure_service() {
	as_root service "$1" status >/dev/null 2>&1 && return 0
	log "Starting $1"
	as_root service "$1" start >/dev/null
}

ensure_prod_bench() {
	if [ -d "$PROD_BENCH_DIR/apps/frappe" ] && [ -x "$PROD_BENCH_DIR/env/bin/python" ]; then
		return 0
	fi
	[ ! -e "$PROD_BENCH_DIR" ] || die "$PROD_BENCH_DIR exists but is not a complete bench; remove it and run again"
	local source_args=()
	if [ -n "$FRAPPE_PATH" ]; then source_args=(--frappe-path "$FRAPPE_PATH"); fi
	log "Creating the production bench at $PROD_BENCH_DIR (Frappe $FRAPPE_BRANCH${FRAPPE_PATH:+ from $FRAPPE_PATH})"
	as_bench_user mkdir -p "$(dirname "$PROD_BENCH_DIR")"
	if ! (cd "$(dirname "$PROD_BENCH_DIR")" && as_bench_user bench init "$PROD_BENCH_DIR" \
		--frappe-branch "$FRAPPE_BRANCH" "${source_args[@]}" --python /usr/bin/python3 --no-backups); then
		as_bench_user rm -rf "$PROD_BENCH_DIR"
		die "bench init failed (without internet access give a local Frappe version-15 checkout as FRAPPE_PATH)"
	fi
}

# pkg_resources (gone from setuptools 81) is still imported by Frappe v15's Google integrations.
ensure_prod_env() {
	(cd / && as_bench_user "$PROD_BENCH_DIR/env/bin/python" -c 'import pkg_resources' 2>/dev/null) ||
		as_bench_user "$PROD_BENCH_DIR/env/bin/pip" install -q "setuptools<81"
}

# Ports of its own (the development bench uses 8000, 9000, 11000, 13000), web workers sized to the cores,
# developer mode off, one site per host name (needed for HTTPS), backups kept PROD_BACKUP_DAYS days.
configure_bench() {
	local cores workers
	cores="$(nproc)"
	workers=$((2 * cores + 1))
	json_merge "$PROD_BENCH_DIR/sites/common_site_config.json" \
		"webserver_port=$PROD_WEB_PORT" "socketio_port=$PROD_SOCKETIO_PORT" \
		"redis_cache=\"redis://127.0.0.1:$PROD_REDIS_CACHE_PORT\"" \
		"redis_socketio=\"redis://127.0.0.1:$PROD_REDIS_CACHE_PORT\"" \
		"redis_queue=\"redis://127.0.0.1:$PROD_REDIS_QUEUE_PORT\"" \
		"gunicorn_workers=$workers" "background_workers=$PROD_BACKGROUND_WORKERS" \
		"developer_mode=0" "live_reload=false" "dns_multitenant=true" "restart_supervisor_on_update=true" \
		"restart_systemd_on_update=false" \
		"keep_backups_for_hours=$((24 * PROD_BACKUP_DAYS))" >/dev/null
	if [ "$(redis_port redis_cache)" != "$PROD_REDIS_CACHE_PORT" ] ||
		[ "$(redis_port redis_queue)" != "$PROD_REDIS_QUEUE_PORT" ]; then
		bench_cmd setup redis
	fi
}

# Lets the bench user drive supervisor (bench restart) through its socket, as bench's check_supervisord_config
# asks but does not write itself.
ensure_supervisor_socket() {
	local changed
	changed="$(as_root python3 - "$SUPERVISORD_CONF" "$BENCH_USER" <<'PY'
import re, sys
path, user = sys.argv[1], sys.argv[2]
text = open(path).read()
want = {"chmod": "0760", "chown": f"{user}:{user}"}
lines, out, section = text.splitlines(), [], None
for line in lines:
	m = re.match(r"\s*\[(.+)\]", line)
	if m:
		if section == "unix_http_server":
			blank = len(out) - len("\n".join(out).rstrip("\n").split("\n"))
			out[len(out) - blank : len(out) - blank] = [f"{k}={v}" for k, v in want.items() if k not in seen]
		section, seen = m.group(1), set()
	elif section == "unix_http_server":
		key = line.split("=", 1)[0].strip()
		if key in want:
			seen.add(key)
			line = f"{key}={want[key]}"
	out.append(line)
if section == "unix_http_server":
	out += [f"{k}={v}" for k, v in want.items() if k not in seen]
new = "\n".join(out) + "\n"
if new != text:
	open(path, "w").write(new)
	print("changed")
PY
)"
	if [ -n "$changed" ]; then
		log "supervisord's socket now belongs to $BENCH_USER: restarting supervisor"
		as_root service supervisor stop >/dev/null || true
		for _ in $(seq 30); do as_root service supervisor status >/dev/null 2>&1 || break; sleep 1; done
		as_root service supervisor start >/dev/null
		for _ in $(seq 30); do as_root supervisorctl status >/dev/null 2>&1 && break; sleep 1; done
	fi
}

# The app from this checkout; migrate and restart only when something changed. Owners (sync_app gives the copy to
# the bench user) and directory times (the build writes into public/) are no change either.
ensure_app() {
	if [ -d "$PROD_BENCH_DIR/apps/$APP" ] &&
		[ -z "$(as_root rsync -a --no-owner --no-group --omit-dir-times --delete --dry-run --itemize-changes \
			--exclude node_modules --exclude '__pycache__' --exclude '*.pyc' --exclude '/artefacts' \
			"$APP_SRC/" "$PROD_BENCH_DIR/apps/$APP/" |
			grep -v '^\*deleting')" ]; then  # what the build and pip leave in the bench's copy is no change
		APP_CHANGED=""
		return 0
	fi
	sync_app
	APP_CHANGED=1
}

# Admin password: PROD_ADMIN_PASSWORD, else the one generated for the site at its creation.
admin_password() {
	local file="$PROD_BENCH_DIR/config/admin-password"
	if [ -n "${PROD_ADMIN_PASSWORD:-}" ]; then
		echo "$PROD_ADMIN_PASSWORD"
	elif as_root test -f "$file"; then
		as_root cat "$file"
	else
		local pw
		pw="$(openssl rand -base64 18 | tr -d '/+=')"
		as_bench_user sh -c "umask 077; echo '$pw' > '$file'"
		echo "$pw"
	fi
}

# Never recreates an existing site: a site whose database lacks Frappe is left for the administrator to look at.
ensure_site() {
	if [ -f "$PROD_BENCH_DIR/sites/$PROD_SITE/site_config.json" ]; then
		local apps
		apps="$(db_query "$(site_db "$PROD_SITE")" -e "select defvalue from tabDefaultValue \
			where parent='__global' and defkey='installed_apps'" 2>/dev/null || true)"
		case "$apps" in
			*\"$APP\"*) if [ -n "$APP_CHANGED" ]; then bench_cmd --site "$PROD_SITE" migrate; fi ;;
			*\"frappe\"*) bench_cmd --site "$PROD_SITE" install-app "$APP" ;;
			*) die "Site $PROD_SITE exists but its database has no Frappe (a failed creation?): look at it, drop it \
(bench drop-site $PROD_SITE) and run again" ;;
		esac
	else
		ADMIN_PASSWORD="$(admin_password)"
		new_site "$PROD_SITE"
	fi
	# The web and background workers load the new code (and a newly installed app) only when restarted.
	if [ -n "$APP_CHANGED" ]; then bench_cmd restart >/dev/null; fi
}

# nginx serves the site over HTTPS, port 80 redirecting to it, with the given certificate or a self-signed one.
ensure_certificate() {
	local crt="${PROD_SSL_CERTIFICATE:-}" key="${PROD_SSL_CERTIFICATE_KEY:-}"
	if [ -n "$crt" ] || [ -n "$key" ]; then
		[ -n "$crt" ] && [ -n "$key" ] || die "Give both PROD_SSL_CERTIFICATE and PROD_SSL_CERTIFICATE_KEY"
		as_root test -r "$crt" || die "PROD_SSL_CERTIFICATE=$crt cannot be read"
		as_root test -r "$key" || die "PROD_SSL_CERTIFICATE_KEY=$key cannot be read"
		[ "$(as_root openssl x509 -noout -pubkey -in "$crt")" = "$(as_root openssl pkey -pubout -in "$key")" ] ||
			die "PROD_SSL_CERTIFICATE_KEY is not the key of PROD_SSL_CERTIFICATE"
	else
		crt="$SELF_SIGNED_DIR/$PROD_SITE.crt"
		key="$SELF_SIGNED_DIR/$PROD_SITE.key"
		if ! as_root test -f "$crt"; then
			log "No certificate given: making a self-signed one for $PROD_SITE in $SELF_SIGNED_DIR"
			as_root mkdir -p "$SELF_SIGNED_DIR"
			as_root openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=$PROD_SITE" \
				-addext "subjectAltName=DNS:$PROD_SITE" -keyout "$key" -out "$crt" 2>/dev/null
			as_root chmod 600 "$key"
		fi
	fi
	SITE_CERTIFICATE="$crt"
	json_merge "$PROD_BENCH_DIR/sites/$PROD_SITE/site_config.json" \
		"ssl_certificate=\"$crt\"" "ssl_certificate_key=\"$key\"" "host_name=\"https://$PROD_SITE\"" >/dev/null
}

# Scheduler on; Frappe's hourly cleanup keeps backup_limit database dumps (one a day: PROD_BACKUP_DAYS).
ensure_site_settings() {
	local db
	db="$(site_db "$PROD_SITE")"
	if [ "$(db_query "$db" -e "select value from tabSingles where doctype='System Settings' and field='enable_scheduler'")" != 1 ]; then
		bench_cmd --site "$PROD_SITE" enable-scheduler
	fi
	if [ "$(db_query "$db" -e "select value from tabSingles where doctype='System Settings' and field='backup_limit'")" != "$PROD_BACKUP_DAYS" ]; then
		bench_cmd --site "$PROD_SITE" execute frappe.db.set_single_value \
			--args "[\"System Settings\", \"backup_limit\", $PROD_BACKUP_DAYS]" >/dev/null
	fi
}

backup_command() {
	echo "cd $PROD_BENCH_DIR && PATH=$BENCH_CLI_ENV/bin:/usr/local/bin:/usr/bin:/bin $BENCH_CLI_ENV/bin/bench --site all backup --with-files >> $PROD_BENCH_DIR/logs/backup.log 2>&1"
}

ensure_backup_cron() {
	local line current
	line="$PROD_BACKUP_CRON $(backup_command) $CRON_MARK"
	current="$(as_root crontab -u "$BENCH_USER" -l 2>/dev/null || true)"
	if ! grep -qxF "$line" <<<"$current"; then
		log "Backups with files: $PROD_BACKUP_CRON (crontab of $BENCH_USER), kept $PROD_BACKUP_DAYS days"
		{ grep -vF "$CRON_MARK" <<<"$current" || true; echo "$line"; } | as_root crontab -u "$BENCH_USER" -
	fi
}

curl_site() {
	local tls=()
	if [ -n "${SITE_CERTIFICATE:-}" ] && [ "${SITE_CERTIFICATE#"$SELF_SIGNED_DIR"/}" != "$SITE_CERTIFICATE" ]; then
		tls=(--cacert "$SITE_CERTIFICATE")
	fi
	curl -sS --max-time 60 --resolve "$PROD_SITE:443:127.0.0.1" --resolve "$PROD_SITE:80:127.0.0.1" "${tls[@]}" "$@"
}

wait_for_site() {
	for _ in $(seq 60); do
		[ "$(curl_site "https://$PROD_SITE/api/method/ping" 2>/dev/null)" = '{"message":"pong"}' ] && return 0
		sleep 2
	done
	die "https://$PROD_SITE does not answer (logs: $PROD_BENCH_DIR/logs/web.error.log, /var/log/nginx/error.log)"
}

print_url() {
	cat <<EOF
Production site: https://$PROD_SITE (nginx on 80 and 443 of this machine; gunicorn on 127.0.0.1:$PROD_WEB_PORT)
  Without DNS for the name:  curl --resolve $PROD_SITE:443:127.0.0.1 https://$PROD_SITE/api/method/ping
  Certificate:               ${SITE_CERTIFICATE:-$(json_get "$PROD_BENCH_DIR/sites/$PROD_SITE/site_config.json" ssl_certificate)}
  Administrator's password:  PROD_ADMIN_PASSWORD, or in $PROD_BENCH_DIR/config/admin-password
  Logs:                      $PROD_BENCH_DIR/logs/ and $PROD_BENCH_DIR/sites/$PROD_SITE/logs/, /var/log/nginx/
EOF
}

cmd_setup() {
	ensure_packages
	ensure_prod_packages
	ensure_mariadb
	ensure_bench_user
	ensure_bench_cli
	ensure_service cron
	ensure_service supervisor
	ensure_service nginx  # bench setup production reloads it
	ensure_prod_bench
	ensure_prod_env
	configure_bench
	ensure_supervisor_socket
	# Supervisor runs the bench's Redis, web, workers and scheduler from here on.
	log "bench setup production $BENCH_USER"
	bench_root setup production "$BENCH_USER" --yes >/dev/null
	ensure_app
	ensure_site
	ensure_certificate
	ensure_site_settings
	# The nginx configuration again, now with the site's certificate (unchanged files on a second run).
	bench_root setup production "$BENCH_USER" --yes >/dev/null
	ensure_backup_cron
	wait_for_site
	log "Production is up"
	print_url
}

cmd_status() {
	as_root supervisorctl status "$BENCH_NAME-web:*" "$BENCH_NAME-workers:*" "$BENCH_NAME-redis:*" || true
	print_url
}

cmd_backup() {
	log "Backup of every site with files"
	as_bench_user sh -c "$(backup_command)"
	tail -5 "$PROD_BENCH_DIR/logs/backup.log"
}

latest_backup() {  # latest_backup SUFFIX -> newest file of the site's backups ending in -SUFFIX
	# (the public files' archive, *-files.tar, is not the private one, *-private-files.tar)
	find "$PROD_BENCH_DIR/sites/$PROD_SITE/private/backups" -maxdepth 1 -name "*-$1" ! -name "*-private-$1" \
		-printf '%T@ %p\n' |
		sort -n | tail -1 | cut -d' ' -f2-
}

# Rows and file contents of a site, one per line, to compare a restore with its source.
site_inventory() {
	local site="$1" db table
	db="$(site_db "$site")"
	for table in "Directive Task" Directive Agency File; do
		echo "rows $table: $(db_query "$db" -e "select count(*) from \`tab$table\`")"
	done
	(cd "$PROD_BENCH_DIR/sites/$site" && find public/files private/files -type f -print0 2>/dev/null |
		sort -z | xargs -0 -r sha256sum)
}

cmd_restore_check() {
	local sql public private
	sql="$(latest_backup database.sql.gz)"
	public="$(latest_backup files.tar)"
	private="$(latest_backup private-files.tar)"
	[ -n "$sql" ] && [ -n "$public" ] && [ -n "$private" ] ||
		die "No complete backup with files in $PROD_BENCH_DIR/sites/$PROD_SITE/private/backups"
	drop_restore_site
	log "Restoring $(basename "$sql") with its files onto a fresh site $PROD_RESTORE_SITE"
	# Frappe restores only onto an existing site: a new one, its database from the dump, then the restore proper.
	bench_cmd new-site "$PROD_RESTORE_SITE" --source-sql "$sql" --db-root-username root \
		--db-root-password "$DB_ROOT_PASSWORD" --admin-password "$(openssl rand -hex 12)" >/dev/null
	bench_cmd --site "$PROD_RESTORE_SITE" --force restore "$sql" --with-public-files "$public" \
		--with-private-files "$private" --db-root-username root --db-root-password "$DB_ROOT_PASSWORD" \
		--admin-password "$(openssl rand -hex 12)" >/dev/null
	local before after
	before="$(site_inventory "$PROD_SITE")"
	after="$(site_inventory "$PROD_RESTORE_SITE")"
	grep '^rows' <<<"$before"
	echo "files: $(grep -vc '^rows' <<<"$before")"
	if [ "$before" != "$after" ]; then
		diff <(echo "$before") <(echo "$after") || true
		die "The restored site differs from $PROD_SITE"
	fi
	log "Restore checked: same rows and files on $PROD_RESTORE_SITE"
	drop_restore_site
}

drop_restore_site() {
	[ -d "$PROD_BENCH_DIR/sites/$PROD_RESTORE_SITE" ] || return 0
	# drop-site keeps the site's folder (a copy of every private file) under archived/: not for this copy.
	local archive
	archive="$(as_bench_user mktemp -d)"
	bench_cmd drop-site "$PROD_RESTORE_SITE" --force --no-backup --db-root-username root \
		--db-root-password "$DB_ROOT_PASSWORD" --archived-sites-path "$archive" >/dev/null
	as_bench_user rm -rf "$archive"
}

cmd_undo() {
	log "Undoing the production setup of $PROD_BENCH_DIR"
	drop_restore_site
	if [ -L "/etc/supervisor/conf.d/$BENCH_NAME.conf" ] || [ -L "/etc/nginx/conf.d/$BENCH_NAME.conf" ]; then
		ensure_service supervisor
		ensure_service nginx
		bench_root disable-production >/dev/null
	fi
	local current
	current="$(as_root crontab -u "$BENCH_USER" -l 2>/dev/null || true)"
	if grep -qF "$CRON_MARK" <<<"$current"; then
		grep -vF "$CRON_MARK" <<<"$current" | as_root crontab -u "$BENCH_USER" -
	fi
	# Stop the services when no other configuration uses them.
	if [ -z "$(ls -A /etc/supervisor/conf.d 2>/dev/null)" ]; then as_root service supervisor stop >/dev/null || true; fi
	if [ -z "$(find /etc/nginx/conf.d /etc/nginx/sites-enabled -mindepth 1 2>/dev/null)" ]; then
		as_root service nginx stop >/dev/null || true
	fi
	log "Undone: the bench $PROD_BENCH_DIR and its site stay (scripts/production.sh setup brings them back)"
}

case "${1:-}" in
	setup | start) cmd_setup ;;
	status) cmd_status ;;
	backup) cmd_backup ;;
	restore-check) cmd_restore_check ;;
	smoke) source "$(dirname "${BASH_SOURCE[0]}")/production_smoke.sh" ;;
	undo) cmd_undo ;;
	*) echo "usage: $0 {setup|start|status|backup|restore-check|smoke|undo}" >&2; exit 2 ;;
esac
