#!/usr/bin/env bash
# Deploy the release as the README's "Install on a server" does, on this machine, and prove it
# serves and upgrades: build the wheel, install it into a fresh venv outside the checkout, give it
# a PostgreSQL role and database of its own (not a superuser), check the configuration, migrate,
# create an administrator, start gunicorn and the scheduler as the systemd units would, sign in
# over HTTP through the proxy headers nginx sets, import a plan, check readiness, dry-run the
# reminders, stop, upgrade again (nothing to do), restart and find the data still there.
# Everything it makes (role, database, venv, processes) is removed at the end, even on failure.
#
# Needs: python3, make, node and npm (to build the wheel only), curl, and a PostgreSQL at
# PGHOST:PGPORT (default 127.0.0.1:5432) where PGUSER (default postgres) may create roles.
set -euo pipefail

checkout="$(cd "$(dirname "$0")/.." && pwd)"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
suffix="$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
role="tracker_ci_${suffix}"
database="tracker_ci_${suffix}"
work="$(mktemp -d)"
venv="$work/venv"
env_file="$work/env"
jar="$work/cookies"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
site="http://127.0.0.1:${port}"
server_pid=""
scheduler_pid=""

started=$SECONDS
step() { printf '\n== [%ss] %s\n' "$((SECONDS - started))" "$*"; }
fail() { printf 'FAILED: %s\n' "$*" >&2; exit 1; }

stop_services() {
  for pid in $server_pid $scheduler_pid; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in $server_pid $scheduler_pid; do
    wait "$pid" 2>/dev/null || true
  done
  server_pid=""
  scheduler_pid=""
}

clean_up() {
  status=$?
  stop_services
  if [ "$status" -ne 0 ]; then
    for log in "$work"/*.log; do
      [ -f "$log" ] && { echo "-- $(basename "$log") (last 40 lines)"; tail -n 40 "$log"; }
    done
  fi
  psql -q -d postgres -c "DROP DATABASE IF EXISTS ${database}" >/dev/null 2>&1 || true
  psql -q -d postgres -c "DROP ROLE IF EXISTS ${role}" >/dev/null 2>&1 || true
  rm -rf "$work"
  exit "$status"
}
trap clean_up EXIT
trap 'exit 130' INT TERM

# As the service does: the settings from the environment file, from a folder that is not the
# checkout, so Python imports the installed package and nothing else.
tracker() {
  (cd "$work" && TRACKER_ENV_FILE="$env_file" TRACKER_VENV="$venv" \
    "$checkout/deploy/improvement-tracker" "$@")
}

start_services() {
  (
    cd "$work"
    set -a && . "$env_file" && set +a
    exec "$venv/bin/gunicorn" --workers 2 --timeout 60 --bind "127.0.0.1:${port}" tracker.wsgi:app
  ) >>"$work/gunicorn.log" 2>&1 &
  server_pid=$!
  (
    cd "$work"
    set -a && . "$env_file" && set +a
    exec "$venv/bin/flask" --app tracker.wsgi scheduler run
  ) >>"$work/scheduler.log" 2>&1 &
  scheduler_pid=$!
  for _ in $(seq 1 60); do
    curl -sf "$site/health/live" >/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || fail "gunicorn stopped while starting"
    sleep 0.5
  done
  curl -sf "$site/health/live" >/dev/null || fail "gunicorn did not answer /health/live"
  kill -0 "$scheduler_pid" 2>/dev/null || fail "the scheduler stopped while starting"
}

# A request as nginx passes it on: TLS ended at the proxy, the client's address and the site's
# name in the X-Forwarded-* headers (TRACKER_PROXIES=1). The browser's Referer is the site's
# https:// address, which the CSRF check compares with the host the proxy headers give.
through_proxy() {
  curl -sS -b "$jar" -c "$jar" \
    -H "X-Forwarded-For: 203.0.113.7" \
    -H "X-Forwarded-Proto: https" \
    -H "X-Forwarded-Host: tracker.ci.example" \
    -e "https://tracker.ci.example/auth/sign-in" \
    "$@"
}

step "Build the wheel"
make -C "$checkout" --no-print-directory dist >"$work/build.log" 2>&1 || fail "make dist"
wheel="$(ls "$checkout"/dist/improvement_tracker-*.whl)"
python3 - "$wheel" <<'PY'
import sys
import zipfile

names = set(zipfile.ZipFile(sys.argv[1]).namelist())
needed = [
    "tracker/wsgi.py",
    "tracker/static/tracker.css",
    "tracker/static/govuk/govuk-frontend.min.js",
    "tracker/static/govuk/assets/images/govuk-crest.svg",
    "tracker/templates/base.html",
    "tracker/migrations/env.py",
    "tracker/migrations/versions/0001_create_the_tracker_schema.py",
]
missing = [name for name in needed if name not in names]
test_only = [name for name in names if name.endswith("axe.min.js")]
if missing or test_only:
    sys.exit(f"wheel missing {missing}, carrying test assets {test_only}")
print(f"{sys.argv[1].rsplit('/', 1)[-1]}: {len(names)} files, assets inside, no test assets")
PY
version="$(python3 -c 'import tomllib, sys; print(tomllib.load(open(sys.argv[1], "rb"))["project"]["version"])' "$checkout/pyproject.toml")"

step "Create the role ${role} and its database (PostgreSQL $(psql -Atd postgres -c 'show server_version'))"
password="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
# The database is owned by the administrator's role and the app's role is only granted what it
# needs: the README's second way, the one PostgreSQL 15 refuses without the schema grant.
psql -q -v ON_ERROR_STOP=1 -d postgres <<SQL
CREATE ROLE ${role} LOGIN PASSWORD '${password}' NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE DATABASE ${database};
REVOKE ALL ON DATABASE ${database} FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE ${database} TO ${role};
SQL
psql -q -v ON_ERROR_STOP=1 -d "$database" -c "GRANT USAGE, CREATE ON SCHEMA public TO ${role}"

step "Install the wheel into a fresh venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "$wheel" >"$work/pip.log" 2>&1 \
  || fail "pip install $(basename "$wheel")"

step "Write the environment file"
cat >"$env_file" <<ENV
DATABASE_URL=postgresql+psycopg://${role}:${password}@${PGHOST}:${PGPORT}/${database}
SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
TRACKER_BASE_URL=https://tracker.ci.example
TRACKER_PROXIES=1
MAIL_SERVER=127.0.0.1
MAIL_PORT=2525
MAIL_DEFAULT_SENDER="Improvement Tracker <improvement-tracker@ci.example>"
LOG_FORMAT=json
ENV
chmod 0640 "$env_file"

step "check-config before the schema exists: refused, saying to migrate"
if tracker check-config >"$work/check-before.out" 2>&1; then
  fail "check-config passed on an empty database"
fi
grep -q "the database has no schema revision" "$work/check-before.out" \
  || { cat "$work/check-before.out"; fail "check-config did not say the schema is missing"; }

step "db upgrade, then check-config"
tracker db upgrade
tracker check-config | tee "$work/check-after.out"
grep -q "DATABASE_URL .*${role}:\*\*\*@" "$work/check-after.out" || fail "password not hidden"

step "Create the first administrator"
admin_password="$(python3 -c 'import secrets; print(secrets.token_hex(12))')"
echo "$admin_password" | tracker users create --email admin@ci.example --name "CI Administrator" \
  --role admin

step "Start gunicorn and the scheduler"
start_services

step "Sign in over HTTP through the proxy headers"
form="$(through_proxy "$site/auth/sign-in")"
csrf="$(printf '%s' "$form" | sed -n 's/.*name="csrf_token"[^>]*value="\([^"]*\)".*/\1/p' | head -n 1)"
[ -n "$csrf" ] || fail "no CSRF token in the sign-in form"
awk '$6 == "session" && $4 == "TRUE" { found = 1 } END { exit !found }' "$jar" \
  || fail "the session cookie is not marked Secure"
sign_in() {
  through_proxy -o /dev/null -w '%{http_code}' --data-urlencode "csrf_token=${csrf}" \
    --data-urlencode "email=admin@ci.example" --data-urlencode "password=$1" "$site/auth/sign-in"
}
# A wrong password first: the log names the client address the proxy passed on.
refused="$(sign_in "not the password")"
[ "$refused" = 422 ] || fail "a wrong password was answered with $refused, not 422"
grep -q "Failed sign-in: email 'admin@ci.example' from 203.0.113.7" "$work/gunicorn.log" \
  || fail "the failed sign-in was not logged with the client's address from X-Forwarded-For"
signed_in="$(sign_in "$admin_password")"
[ "$signed_in" = 302 ] || fail "the administrator's sign-in was answered with $signed_in, not 302"
[ "$(through_proxy -o /dev/null -w '%{http_code}' "$site/admin/")" = 200 ] \
  || fail "the admin page is not open to the signed-in administrator"

step "Import a plan"
tracker plans import "$checkout/seed/rmbc-notice-to-improve-2010-08-20.csv" \
  --plan rmbc-notice-to-improve --title "RMBC Notice to Improve Action Plan" --as-at 2010-08-20

step "Check readiness"
ready="$(curl -sS "$site/health/ready")"
echo "$ready"
python3 - "$ready" "$version" <<'PY'
import json
import sys

answer = json.loads(sys.argv[1])
if answer["status"] != "ready" or answer["version"] != sys.argv[2]:
    sys.exit(f"not ready at version {sys.argv[2]}: {answer}")
PY

step "Dry-run the reminders"
tracker reminders send --dry-run --as-at 2010-11-02 >"$work/dry-run.json"
python3 - "$work/dry-run.json" <<'PY'
import json
import sys

report = json.load(open(sys.argv[1]))
print(f"{len(report['digests'])} digests, {len(report['unreachable'])} unreachable")
if not report["digests"] and not report["unreachable"]:
    sys.exit("the dry run found nothing to remind anyone of")
PY

plan_page() { through_proxy "$site/plans/rmbc-notice-to-improve"; }
actions_before="$(plan_page | grep -c '/actions/[0-9]' || true)"
[ "$actions_before" -gt 0 ] || fail "the plan page lists no actions"

step "Stop, upgrade again (nothing to do), restart"
stop_services
tracker db upgrade 2>&1 | tee "$work/upgrade-again.out"
if grep -q "Running upgrade" "$work/upgrade-again.out"; then
  fail "the second upgrade ran migrations"
fi
start_services

step "The data is still there"
curl -sf "$site/health/ready" >/dev/null || fail "not ready after the restart"
actions_after="$(plan_page | grep -c '/actions/[0-9]' || true)"
[ "$actions_after" = "$actions_before" ] \
  || fail "the plan page lists $actions_after actions after the restart, $actions_before before"
grep -q '"path": "/auth/sign-in", "status": 302' "$work/gunicorn.log" \
  || fail "the sign-in was not in the JSON request log"

step "Deployment check passed: version ${version}, ${actions_after} action links served"
