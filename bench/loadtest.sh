#!/usr/bin/env bash
# Load test with Locust (bench/loadtest/locustfile.py): gunicorn (2 × cores + 1 workers, as gunicorn documents) on
# 127.0.0.1 against the national-scale PostgreSQL database, headless Locust, then everything is stopped.
# Default: LOADTEST_USERS (50) users for LOADTEST_SECONDS (60 s), pauses LOADTEST_WAIT_MIN / _MAX (1 / 5 s).
# LOADTEST_MODE=step (make loadtest-steps): LOADTEST_STEP_USERS (2) more users every LOADTEST_STEP_SECONDS (40 s),
# short pauses (0.1 to 0.5 s), until p95 passes 300 ms, errors appear or LOADTEST_MAX_USERS (200) is reached; the
# highest sustained throughput and the CPU bound of the run are written to bench/results/latest.md.
# Environment: BENCH_DATABASE_SERVER, BENCH_DB_NATIONAL (as for make bench), LOADTEST_PORT (8108).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
PORT="${LOADTEST_PORT:-8108}"
SERVER="${BENCH_DATABASE_SERVER:-postgres://postgres@127.0.0.1:5432}"
DATABASE="${BENCH_DB_NATIONAL:-avs_bench_national}"
CORES="$(nproc)"
WORKERS="${LOADTEST_WORKERS:-$((2 * CORES + 1))}"
MODE="${LOADTEST_MODE:-fixed}"
OUT="$(mktemp -d -t avs-loadtest.XXXXXX)"

# The national database (generated once, then reused) and the static files manifest.
$PY bench/run_bench.py --prepare-only

export DATABASE_URL="$SERVER/$DATABASE"
export DEBUG=0 SECRET_KEY="${SECRET_KEY:-bench-only-secret-key-not-for-production}"
export ALLOWED_HOSTS="127.0.0.1,localhost" SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 CONN_MAX_AGE="${CONN_MAX_AGE:-600}"
URL="http://127.0.0.1:$PORT"

echo "gunicorn : $WORKERS workers ($CORES cœurs) sur 127.0.0.1:$PORT, base $DATABASE"
.venv/bin/gunicorn avs_schema.wsgi:application --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
    --timeout 60 --error-logfile "$OUT/gunicorn.log" --log-level warning &
GUNICORN=$!
stop() {
    kill -TERM "$GUNICORN" 2>/dev/null || true
    wait "$GUNICORN" 2>/dev/null || true
}
trap stop EXIT

for _ in $(seq 1 60); do
    if $PY -c "import urllib.request,sys; urllib.request.urlopen('$URL/comptes/connexion/', timeout=2)" 2>/dev/null; then
        break
    fi
    sleep 1
done

export LOADTEST_GUNICORN_PID="$GUNICORN" LOADTEST_SUMMARY="$OUT/summary.json" LOADTEST_MODE="$MODE"
LOCUST=(.venv/bin/locust -f bench/loadtest/locustfile.py --headless --host "$URL" --csv "$OUT/locust" --only-summary)
status=0
if [ "$MODE" = step ]; then
    export LOADTEST_WAIT_MIN="${LOADTEST_WAIT_MIN:-0.1}" LOADTEST_WAIT_MAX="${LOADTEST_WAIT_MAX:-0.5}"
    "${LOCUST[@]}" || status=$?
    settings="paliers de ${LOADTEST_STEP_USERS:-2} utilisateurs toutes les ${LOADTEST_STEP_SECONDS:-40} s"
else
    USERS="${LOADTEST_USERS:-50}"
    "${LOCUST[@]}" --users "$USERS" --spawn-rate 5 --run-time "${LOADTEST_SECONDS:-60}s" || status=$?
    settings="$USERS utilisateurs pendant ${LOADTEST_SECONDS:-60} s"
fi
settings="$settings, pause de ${LOADTEST_WAIT_MIN:-1} à ${LOADTEST_WAIT_MAX:-5} s, $WORKERS workers gunicorn"
stop
trap - EXIT
$PY bench/loadtest/report.py "$OUT/summary.json" "$OUT/locust_stats.csv" "$settings"
echo "CSV de Locust : $OUT/locust_stats.csv, $OUT/locust_failures.csv"
if [ -s "$OUT/gunicorn.log" ]; then
    echo "Journal d'erreurs de gunicorn ($OUT/gunicorn.log) :"
    tail -n 30 "$OUT/gunicorn.log"
fi
exit $status
