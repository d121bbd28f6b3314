# shellcheck shell=bash disable=SC2034
# The smoke test of scripts/production.sh, sourced by `scripts/production.sh smoke` (not a script of its own).
# It sets production up on this machine (twice: the second run must change nothing), logs in through nginx on
# port 80 (redirected to HTTPS) and 443, opens the desk and the REST API, has a worker run a scheduled job,
# uploads a public and a private file, backs up with files, restores onto a fresh site and compares, then
# undoes the setup (PROD_KEEP=1 leaves it running). The demo data is loaded when the site has no task.

SMOKE_START=$SECONDS
SMOKE_PASSED=0
SMOKE_DIR="$(mktemp -d)"
chmod 755 "$SMOKE_DIR"
JAR="$SMOKE_DIR/cookies"

check() {  # check DESCRIPTION CONDITION-COMMAND...
	local what="$1"
	shift
	if "$@"; then
		SMOKE_PASSED=$((SMOKE_PASSED + 1))
		printf '  \033[32mok\033[0m %s\n' "$what"
	else
		printf '  \033[31mFAILED\033[0m %s\n' "$what"
		echo "smoke: $SMOKE_PASSED passed, 1 failed"
		die "Smoke test failed: $what (left as it is for a look; scripts/production.sh undo takes it down)"
	fi
}

# What a second setup must leave as it was: configuration files, the cron table, the running processes.
setup_fingerprint() {
	as_root sh -c "cd '$PROD_BENCH_DIR' && sha256sum config/nginx.conf config/supervisor.conf config/redis_*.conf \
		sites/common_site_config.json 'sites/$PROD_SITE/site_config.json' $SUPERVISORD_CONF" | sed 's/ .*\// /'
	as_root crontab -u "$BENCH_USER" -l
	as_root supervisorctl status | awk '{print $1, $2, $4}'
	as_root sh -c 'cat /var/run/nginx.pid'
}

# The checkout as it is now: edits made to it while the smoke runs must not count as changes of the 2nd setup.
APP_SRC_SNAPSHOT="$(mktemp -d)"
rsync -a --exclude node_modules --exclude '__pycache__' --exclude '*.pyc' --exclude '/artefacts' \
	"$APP_SRC/" "$APP_SRC_SNAPSHOT/"
chmod 755 "$APP_SRC_SNAPSHOT"
APP_SRC="$APP_SRC_SNAPSHOT"

log "Smoke test: production setup (1st run)"
cmd_setup
SITE_CERTIFICATE="$(json_get "$PROD_BENCH_DIR/sites/$PROD_SITE/site_config.json" ssl_certificate)"
SETUP_SECONDS=$((SECONDS - SMOKE_START))
DB="$(site_db "$PROD_SITE")"
if [ "$(db_query "$DB" -e 'select count(*) from `tabDirective Task`')" = 0 ]; then
	log "Loading the demo data into $PROD_SITE"
	# Without developer mode Frappe refuses more than 60 new users an hour; the demo makes more.
	bench_cmd --site "$PROD_SITE" set-config --parse throttle_user_limit 1000
	bench_cmd --site "$PROD_SITE" execute "$APP.demo.setup_demo" --kwargs "{\"size\": \"sample\"}" >/dev/null
	as_bench_user python3 -c 'import json, sys
p = sys.argv[1]; c = json.load(open(p)); c.pop("throttle_user_limit", None)
json.dump(c, open(p, "w"), indent=1, sort_keys=True)' "$PROD_BENCH_DIR/sites/$PROD_SITE/site_config.json"
fi

log "Smoke test: production setup (2nd run: nothing may change)"
before="$(setup_fingerprint)"
cmd_setup >/dev/null
after="$(setup_fingerprint)"
if [ "$before" != "$after" ]; then diff <(echo "$before") <(echo "$after") || true; fi
check "a second setup changes no file, cron entry or process" [ "$before" = "$after" ]

log "Smoke test: the services"
status="$(as_root supervisorctl status)"
for program in frappe-web node-socketio frappe-schedule frappe-short-worker-0 frappe-long-worker-0 redis-cache redis-queue; do
	check "supervisor runs $program" grep -Eq "^$BENCH_NAME-[a-z]+:$BENCH_NAME-$program +RUNNING" <<<"$status"
done
check "gunicorn has 2 x $(nproc) + 1 workers" [ "$(pgrep -f "gunicorn -b 127.0.0.1:$PROD_WEB_PORT" | wc -l)" = $((2 * $(nproc) + 2)) ]
check "developer mode is off" [ "$(json_get "$PROD_BENCH_DIR/sites/common_site_config.json" developer_mode)" = 0 ]
check "Redis answers on $PROD_REDIS_CACHE_PORT and $PROD_REDIS_QUEUE_PORT" \
	sh -c "redis-cli -p $PROD_REDIS_CACHE_PORT ping | grep -q PONG && redis-cli -p $PROD_REDIS_QUEUE_PORT ping | grep -q PONG"
check "the scheduler is enabled" grep -q "enabled" <<<"$(bench_cmd --site "$PROD_SITE" scheduler status 2>&1)"
check "the backup runs from cron with files" grep -q -- "--with-files" <<<"$(as_root crontab -u "$BENCH_USER" -l)"

log "Smoke test: through nginx"
PASSWORD="$(admin_password)"
redirect="$(curl_site -o /dev/null -w '%{http_code} %{redirect_url}' "http://$PROD_SITE/login")"
check "port 80 redirects to HTTPS ($redirect)" [ "$redirect" = "301 https://$PROD_SITE/login" ]
login80="$(curl_site -L --post301 -c "$JAR.80" --data-urlencode usr=Administrator --data-urlencode "pwd=$PASSWORD" \
	"http://$PROD_SITE/api/method/login")"
check "login posted on port 80 (followed to 443)" grep -q '"Logged In"' <<<"$login80"
login443="$(curl_site -c "$JAR" --data-urlencode usr=Administrator --data-urlencode "pwd=$PASSWORD" \
	"https://$PROD_SITE/api/method/login")"
check "login on port 443" grep -q '"Logged In"' <<<"$login443"
check "a wrong password is refused with 401" [ "$(curl_site -o /dev/null -w '%{http_code}' \
	--data-urlencode usr=Administrator --data-urlencode pwd=wrong "https://$PROD_SITE/api/method/login")" = 401 ]
curl_site -b "$JAR" -o "$SMOKE_DIR/app.html" -w '%{http_code}' "https://$PROD_SITE/app" >"$SMOKE_DIR/app.code"
check "the desk (/app) opens for the logged-in user" sh -c "[ \"\$(cat '$SMOKE_DIR/app.code')\" = 200 ] &&
	grep -q 'frappe.boot = ' '$SMOKE_DIR/app.html' && grep -q 'Administrator' '$SMOKE_DIR/app.html'"
check "the desk sends a logged-out visitor to the login page" [ "$(curl_site -o /dev/null -w '%{http_code}' \
	"https://$PROD_SITE/app")" != 200 ]
asset="$(grep -o '/assets/frappe/dist/css/desk\.bundle\.[A-Z0-9]*\.css' "$SMOKE_DIR/app.html" | head -1)"
check "nginx serves the desk's assets ($asset)" [ "$(curl_site -o /dev/null -w '%{http_code}' \
	"https://$PROD_SITE$asset")" = 200 ]
csrf="$(sed -n 's/.*frappe.csrf_token = "\([^"]*\)".*/\1/p' "$SMOKE_DIR/app.html" | head -1)"
secret="$(curl_site -b "$JAR" -H "X-Frappe-CSRF-Token: $csrf" --data user=Administrator \
	"https://$PROD_SITE/api/method/frappe.core.doctype.user.user.generate_keys" | python3 -c \
	'import json,sys; print(json.load(sys.stdin)["message"]["api_secret"])')"
key="$(curl_site -b "$JAR" -G --data doctype=User --data filters=Administrator --data fieldname=api_key \
	"https://$PROD_SITE/api/method/frappe.client.get_value" | python3 -c \
	'import json,sys; print(json.load(sys.stdin)["message"]["api_key"])')"
TOKEN=(-H "Authorization: token $key:$secret")
tasks="$(curl_site "${TOKEN[@]}" -G --data limit_page_length=5 --data-urlencode 'fields=["name","workflow_state"]' \
	"https://$PROD_SITE/api/resource/Directive%20Task")"
task_count="$(db_query "$DB" -e 'select count(*) from `tabDirective Task`')"
check "the API lists Directive Tasks with a token ($task_count on the site)" python3 -c \
	'import json,sys; d=json.loads(sys.argv[1])["data"]; assert len(d) == min(5, int(sys.argv[2])) and int(sys.argv[2]) > 0' \
	"$tasks" "$task_count"
check "the API with the session cookie too" grep -q '"data"' <<<"$(curl_site -b "$JAR" \
	"https://$PROD_SITE/api/resource/Directive%20Task?limit_page_length=1")"

log "Smoke test: a scheduled job run by a background worker"
job_type="$(db_query "$DB" -e "select name from \`tabScheduled Job Type\` where method='$APP.edxml_status.deliver_due_messages'")"
done_logs() {
	db_query "$DB" -e "select count(*) from \`tabScheduled Job Log\` where scheduled_job_type='$job_type' and status='Complete'"
}
logs_before="$(done_logs)"
curl_site "${TOKEN[@]}" --data-urlencode "doc={\"name\": \"$job_type\"}" \
	"https://$PROD_SITE/api/method/frappe.core.doctype.scheduled_job_type.scheduled_job_type.execute_event" >/dev/null
job_status="not run"
for _ in $(seq 60); do
	if [ "$(done_logs)" -gt "$logs_before" ]; then job_status=Complete; break; fi
	sleep 1
done
check "the worker ran $job_type (Scheduled Job Log: ${job_status:-none})" [ "$job_status" = Complete ]
check "trigger-scheduler-event runs it at once too" bench_cmd --site "$PROD_SITE" trigger-scheduler-event \
	"$APP.edxml_status.deliver_due_messages"

log "Smoke test: files, backup, restore"
printf 'public %s\n' "$(date -u +%FT%T)" >"$SMOKE_DIR/smoke-public.txt"
printf 'private %s\n' "$(date -u +%FT%T)" >"$SMOKE_DIR/smoke-private.txt"
declare -A FILE_URL FILE_NAME
for kind in public private; do
	private=0
	[ "$kind" = public ] || private=1
	uploaded="$(curl_site "${TOKEN[@]}" -F "file=@$SMOKE_DIR/smoke-$kind.txt" -F "is_private=$private" -F doctype=Agency \
		-F "docname=$(db_query "$DB" -e 'select name from tabAgency order by name limit 1')" \
		"https://$PROD_SITE/api/method/upload_file")"
	check "upload of a $kind file through the API" grep -q '"file_url"' <<<"$uploaded"
	FILE_URL[$kind]="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["message"]["file_url"])' "$uploaded")"
	FILE_NAME[$kind]="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["message"]["name"])' "$uploaded")"
done
check "nginx serves the public file" [ "$(curl_site "https://$PROD_SITE${FILE_URL[public]}")" = \
	"$(cat "$SMOKE_DIR/smoke-public.txt")" ]
check "the private file is not served to a visitor" [ "$(curl_site -o /dev/null -w '%{http_code}' \
	"https://$PROD_SITE${FILE_URL[private]}")" != 200 ]
check "the private file is served to the Administrator (X-Accel-Redirect)" [ "$(curl_site -b "$JAR" \
	"https://$PROD_SITE${FILE_URL[private]}")" = "$(cat "$SMOKE_DIR/smoke-private.txt")" ]
backup_start=$SECONDS
cmd_backup >/dev/null
BACKUP_SECONDS=$((SECONDS - backup_start))
check "the backup made a database dump, public and private files archives" sh -c "
	find '$PROD_BENCH_DIR/sites/$PROD_SITE/private/backups' -newer '$SMOKE_DIR/smoke-private.txt' -name '*-database.sql.gz' | grep -q . &&
	find '$PROD_BENCH_DIR/sites/$PROD_SITE/private/backups' -newer '$SMOKE_DIR/smoke-private.txt' -name '*-files.tar' | grep -q . &&
	find '$PROD_BENCH_DIR/sites/$PROD_SITE/private/backups' -newer '$SMOKE_DIR/smoke-private.txt' -name '*-private-files.tar' | grep -q ."
restore_start=$SECONDS
check "restore of the latest backup onto a fresh site: same rows and files" cmd_restore_check
RESTORE_SECONDS=$((SECONDS - restore_start))

# The smoke's own traces: its two files.
for kind in public private; do
	curl_site "${TOKEN[@]}" -X DELETE "https://$PROD_SITE/api/resource/File/${FILE_NAME[$kind]}" >/dev/null || true
done
rm -rf "$SMOKE_DIR" "$APP_SRC_SNAPSHOT"

if [ -n "${PROD_KEEP:-}" ]; then
	log "PROD_KEEP is set: production stays up"
	print_url
else
	cmd_undo
	check "undone: no supervisor or nginx configuration of the bench left" sh -c \
		"[ ! -e /etc/supervisor/conf.d/$BENCH_NAME.conf ] && [ ! -e /etc/nginx/conf.d/$BENCH_NAME.conf ]"
	check "undone: nothing listens on 443 any more" sh -c "! ss -ltn | grep -q ':443 '"
fi
log "Smoke test passed in $((SECONDS - SMOKE_START)) s (first setup ${SETUP_SECONDS} s, backup ${BACKUP_SECONDS} s, restore check ${RESTORE_SECONDS} s)"
echo "smoke: $SMOKE_PASSED passed, 0 failed"
