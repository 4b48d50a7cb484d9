#!/usr/bin/env bash
# make cluster-test: starts PostgreSQL and Redis when they are down (and stops them again at the end), then runs
# the cluster test, which starts and stops its two gunicorn instances and its worker (tests/cluster/test_cluster.py).
set -euo pipefail
cd "$(dirname "$0")/../.."

started_postgres=""
started_redis=""
cleanup() {
    if [ -n "$started_redis" ]; then redis-cli -h 127.0.0.1 -p 6379 shutdown nosave >/dev/null 2>&1 || true; fi
    if [ -n "$started_postgres" ]; then pg_ctlcluster --skip-systemctl-redirect "$started_postgres" main stop || true; fi
}
trap cleanup EXIT

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    started_postgres="$(ls /etc/postgresql | head -n 1)"
    pg_ctlcluster --skip-systemctl-redirect "$started_postgres" main start
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
if ! command -v redis-server >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    started_redis=1
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
    for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
fi

# CI=true: an unreachable Redis fails the test instead of skipping it.
CI=true .venv/bin/pytest tests/cluster -m cluster -p no:cacheprovider -q "$@"
