#!/usr/bin/env bash
# Load test: gunicorn (2 × cores + 1 workers, as gunicorn documents) on 127.0.0.1 against the national-scale
# PostgreSQL database, 50 virtual users for 60 s (bench/loadtest/run_load.py), then everything is stopped.
# Environment: BENCH_DATABASE_SERVER, BENCH_DB_NATIONAL (as for make bench), LOADTEST_PORT (8108),
# LOADTEST_USERS (50), LOADTEST_SECONDS (60), LOADTEST_WAIT_MIN / LOADTEST_WAIT_MAX (1 / 5 s).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
PORT="${LOADTEST_PORT:-8108}"
SERVER="${BENCH_DATABASE_SERVER:-postgres://postgres@127.0.0.1:5432}"
DATABASE="${BENCH_DB_NATIONAL:-avs_bench_national}"
CORES="$(nproc)"
WORKERS="${LOADTEST_WORKERS:-$((2 * CORES + 1))}"
LOG="$(mktemp -t avs-loadtest-gunicorn.XXXXXX.log)"

# The national database (generated once, then reused) and the static files manifest.
$PY bench/run_bench.py --prepare-only

export DATABASE_URL="$SERVER/$DATABASE"
export DEBUG=0 SECRET_KEY="${SECRET_KEY:-bench-only-secret-key-not-for-production}"
export ALLOWED_HOSTS="127.0.0.1,localhost" SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 CONN_MAX_AGE="${CONN_MAX_AGE:-600}"
export LOADTEST_URL="http://127.0.0.1:$PORT"

echo "gunicorn : $WORKERS workers ($CORES cœurs) sur 127.0.0.1:$PORT, base $DATABASE"
.venv/bin/gunicorn avs_schema.wsgi:application --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
    --timeout 60 --error-logfile "$LOG" --log-level warning &
GUNICORN=$!
stop() {
    kill -TERM "$GUNICORN" 2>/dev/null || true
    wait "$GUNICORN" 2>/dev/null || true
}
trap stop EXIT

for _ in $(seq 1 60); do
    if $PY -c "import urllib.request,sys; urllib.request.urlopen('$LOADTEST_URL/comptes/connexion/', timeout=2)" 2>/dev/null; then
        break
    fi
    sleep 1
done

status=0
$PY bench/loadtest/run_load.py || status=$?
stop
trap - EXIT
if [ -s "$LOG" ]; then
    echo "Journal d'erreurs de gunicorn ($LOG) :"
    tail -n 30 "$LOG"
fi
exit $status
