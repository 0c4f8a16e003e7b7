#!/usr/bin/env bash
# Smoke test of the buildout install path (buildout.cfg + instance.cfg).
#
# In var/buildout-smoke/ (ignored by git) it
#   1. makes a venv with $PYTHON (python3.11) and installs zc.buildout with
#      the pins of constraints.txt,
#   2. copies the checkout (the files git tracks or would add, as they are
#      in the work tree) to var/buildout-smoke/work/ and runs
#      `bin/buildout -c buildout.cfg` there: packages come from PyPI, no
#      remote config is read (-U: no ~/.buildout/default.cfg either),
#   3. creates the admin user and the site with
#      `bin/instance run scripts/create_site.py`,
#   4. starts `bin/instance console` on 127.0.0.1:$BUILDOUT_SMOKE_PORT and
#      waits for HTTP 200 from http://localhost:PORT/Plone,
#   5. stops the instance (also on any failure: trap on EXIT),
#   6. builds relstorage.cfg (two instances on one RelStorage database in
#      PostgreSQL at 127.0.0.1:5432, database casemgmt_buildout_smoke, made
#      afresh), creates the site through bin/instance and waits for HTTP 200
#      from both instances. Skipped with a message when PostgreSQL cannot be
#      reached, except under CI=true, where it must run.
#
# Environment:
#   PYTHON                     interpreter for the venv (python3.11)
#   BUILDOUT_SMOKE_PORT        HTTP port (8089; a free one if 8089 is taken
#                              and the variable is not set)
#   BUILDOUT_SMOKE_CLEAN=1     also throw away the venv and the eggs and
#                              download caches kept between runs
#   DEMO                       passed to create_site.py (1: with demo content)
#   ADMIN_PASSWORD             admin password (admin)
#   BUILDOUT_SMOKE_TIMEOUT     seconds for the buildout run (2400)
#   BUILDOUT_SMOKE_WAIT        seconds to wait for HTTP 200 (180)
#   BUILDOUT_SMOKE_RELSTORAGE  0: leave out step 6
# Run from anywhere: scripts/buildout_smoke.sh
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${PYTHON:-python3.11}
SMOKE=$ROOT/var/buildout-smoke
VENV=$SMOKE/venv
WORK=$SMOKE/work
BUILDOUT_TIMEOUT=${BUILDOUT_SMOKE_TIMEOUT:-2400}
WAIT=${BUILDOUT_SMOKE_WAIT:-180}
export DEMO=${DEMO:-1}
export ADMIN_PASSWORD=${ADMIN_PASSWORD:-admin}
export SITE_ID=Plone

started=$SECONDS
server_pids=""
log() { echo "buildout smoke test [$((SECONDS - started))s]: $*"; }
fail() {
    echo "buildout smoke test FAILED: $*" >&2
    exit 1
}

stop_instance() {  # every instance started (process groups)
    local pid
    for pid in $server_pids; do
        if kill -0 "$pid" 2>/dev/null; then
            log "stopping an instance (process group $pid)"
            kill -TERM -- "-$pid" 2>/dev/null || true
            for _ in $(seq 1 40); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.5
            done
            if kill -0 "$pid" 2>/dev/null; then
                echo "buildout smoke test: instance did not stop on TERM, killing it" >&2
                kill -KILL -- "-$pid" 2>/dev/null || true
            fi
        fi
        wait "$pid" 2>/dev/null || true
    done
    server_pids=""
}
trap stop_instance EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

show_tail() {  # file: the last lines of a log, for the reader of a failure
    if [ -f "$1" ]; then
        echo "---- last lines of $1 ----" >&2
        tail -n 60 "$1" >&2
        echo "----" >&2
    fi
}

port_free() {
    "$PYTHON" - "$1" <<'EOF'
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as waitress does
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()
EOF
}

command -v "$PYTHON" >/dev/null || fail "$PYTHON not found (set PYTHON)"
command -v curl >/dev/null || fail "curl not found"
command -v setsid >/dev/null || fail "setsid not found (util-linux)"
for f in buildout.cfg instance.cfg versions.cfg constraints.txt scripts/create_site.py; do
    [ -f "$ROOT/$f" ] || fail "$f missing in $ROOT"
done

if [ -n "${BUILDOUT_SMOKE_PORT:-}" ]; then
    PORT=$BUILDOUT_SMOKE_PORT
    port_free "$PORT" || fail "port $PORT (BUILDOUT_SMOKE_PORT) is in use"
else
    PORT=8089
    if ! port_free "$PORT"; then
        PORT=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    fi
fi

# 1. venv with zc.buildout ------------------------------------------------
if [ "${BUILDOUT_SMOKE_CLEAN:-0}" = 1 ]; then
    log "BUILDOUT_SMOKE_CLEAN=1: removing $SMOKE"
    rm -rf "$SMOKE"
fi
mkdir -p "$SMOKE/eggs" "$SMOKE/downloads"
if [ ! -x "$VENV/bin/python" ]; then
    log "creating the venv $VENV with $PYTHON"
    "$PYTHON" -m venv "$VENV"
fi
log "installing zc.buildout (pins of constraints.txt)"
if ! timeout --kill-after=30 900 "$VENV/bin/python" -m pip install -q --disable-pip-version-check \
    -c "$ROOT/constraints.txt" pip setuptools wheel zc.buildout >"$SMOKE/pip.log" 2>&1; then
    show_tail "$SMOKE/pip.log"
    fail "pip install zc.buildout failed (log: $SMOKE/pip.log)"
fi

# 2. a copy of the checkout, and buildout in it ------------------------------
log "copying the checkout to $WORK"
rm -rf "$WORK"
mkdir -p "$WORK"
if git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    # Tracked and untracked-but-not-ignored files, as they are on disk.
    git -C "$ROOT" ls-files -z --cached --others --exclude-standard \
        | while IFS= read -r -d '' f; do
            if [ -e "$ROOT/$f" ]; then printf '%s\0' "$f"; fi
        done \
        | tar -C "$ROOT" --null -T - -cf - | tar -C "$WORK" -xf -
else
    tar -C "$ROOT" --exclude=./.git --exclude=./.venv --exclude=./var \
        --exclude=./bin --exclude=./parts --exclude=./eggs \
        --exclude=./develop-eggs --exclude=./.installed.cfg -cf - . \
        | tar -C "$WORK" -xf -
fi

cd "$WORK"
log "bin/buildout -c buildout.cfg (port $PORT; eggs cached in $SMOKE/eggs)"
if ! timeout --kill-after=30 "$BUILDOUT_TIMEOUT" "$VENV/bin/buildout" -U -c buildout.cfg \
    "buildout:eggs-directory=$SMOKE/eggs" \
    "buildout:download-cache=$SMOKE/downloads" \
    "admin:password=$ADMIN_PASSWORD" \
    "instance:http-address=127.0.0.1:$PORT" \
    >"$SMOKE/buildout.log" 2>&1; then
    show_tail "$SMOKE/buildout.log"
    fail "bin/buildout failed or took longer than ${BUILDOUT_TIMEOUT}s (whole log: $SMOKE/buildout.log)"
fi
[ -x bin/instance ] || fail "bin/buildout did not make bin/instance"
log "bin/buildout done"

# 3. the site -----------------------------------------------------------------
log "bin/instance run scripts/create_site.py (SITE_ID=$SITE_ID DEMO=$DEMO)"
if ! timeout --kill-after=30 900 bin/instance run scripts/create_site.py \
    >"$SMOKE/create_site.log" 2>&1; then
    show_tail "$SMOKE/create_site.log"
    fail "bin/instance run scripts/create_site.py failed (log: $SMOKE/create_site.log)"
fi
grep -q "site /$SITE_ID \(created\|exists\)" "$SMOKE/create_site.log" || {
    show_tail "$SMOKE/create_site.log"
    fail "create_site.py did not report the site /$SITE_ID"
}

# 4. serve and ask for /Plone -------------------------------------------------
serve() {  # part port: start bin/<part> console and wait for HTTP 200 from /Plone
    local part=$1 port=$2 pid url deadline code=000
    log "starting bin/$part console on 127.0.0.1:$port"
    setsid "bin/$part" console >"$SMOKE/$part.log" 2>&1 </dev/null &
    pid=$!
    server_pids="$server_pids $pid"
    url=http://localhost:$port/$SITE_ID
    deadline=$((SECONDS + WAIT))
    while [ "$SECONDS" -lt "$deadline" ]; do
        if ! kill -0 "$pid" 2>/dev/null; then
            show_tail "$SMOKE/$part.log"
            show_tail "$WORK/var/buildout/log/$part.log"
            fail "bin/$part console exited before answering (log: $SMOKE/$part.log)"
        fi
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$url" || true)
        [ "$code" = 200 ] && break
        sleep 2
    done
    if [ "$code" != 200 ]; then
        show_tail "$SMOKE/$part.log"
        show_tail "$WORK/var/buildout/log/$part.log"
        fail "no HTTP 200 from $url (bin/$part) within ${WAIT}s (last status: $code)"
    fi
    echo "buildout smoke test: HTTP 200 from /$SITE_ID (bin/$part)"
}

serve instance "$PORT"

# 5. stop ----------------------------------------------------------------------
stop_instance

# 6. scale-out: relstorage.cfg, two instances on one PostgreSQL database -------
if [ "${BUILDOUT_SMOKE_RELSTORAGE:-1}" = 0 ]; then
    log "BUILDOUT_SMOKE_RELSTORAGE=0: relstorage.cfg left out"
elif ! psql -h 127.0.0.1 -U postgres -tAc "SELECT 1" >/dev/null 2>&1; then
    [ "${CI:-}" = true ] && fail "PostgreSQL on 127.0.0.1:5432 cannot be reached (needed under CI=true)"
    log "SKIPPED relstorage.cfg: no PostgreSQL on 127.0.0.1:5432 (psql -h 127.0.0.1 -U postgres)"
else
    DB=casemgmt_buildout_smoke
    PORT2=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    PGOPTIONS=--client-min-messages=warning psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null \
        || fail "could not make the database $DB"
    log "bin/buildout -c relstorage.cfg (database $DB, ports $PORT and $PORT2)"
    if ! timeout --kill-after=30 "$BUILDOUT_TIMEOUT" "$VENV/bin/buildout" -U -c relstorage.cfg \
        "buildout:eggs-directory=$SMOKE/eggs" \
        "buildout:download-cache=$SMOKE/downloads" \
        "admin:password=$ADMIN_PASSWORD" \
        "relstorage:dsn=dbname='$DB' host='127.0.0.1' port='5432' user='postgres'" \
        "instance:http-address=127.0.0.1:$PORT" \
        "instance2:http-address=127.0.0.1:$PORT2" \
        >"$SMOKE/buildout-relstorage.log" 2>&1; then
        show_tail "$SMOKE/buildout-relstorage.log"
        fail "bin/buildout -c relstorage.cfg failed (log: $SMOKE/buildout-relstorage.log)"
    fi
    grep -q "<relstorage>" parts/instance2/etc/zope.conf || fail "parts/instance2/etc/zope.conf has no <relstorage>"
    log "bin/instance run scripts/create_site.py (into PostgreSQL)"
    if ! DEMO=0 timeout --kill-after=30 900 bin/instance run scripts/create_site.py \
        >"$SMOKE/create_site-relstorage.log" 2>&1; then
        show_tail "$SMOKE/create_site-relstorage.log"
        fail "create_site.py on RelStorage failed (log: $SMOKE/create_site-relstorage.log)"
    fi
    serve instance "$PORT"
    serve instance2 "$PORT2"
    stop_instance
    psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null || true
fi
log "passed in $((SECONDS - started))s"
exit 0
