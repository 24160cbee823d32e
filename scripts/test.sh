#!/usr/bin/env bash
# Everything CI checks: setup, migrations in sync, lint, then the pytest suite on real services.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "==> makemigrations --check"
DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python manage.py makemigrations --check --dry-run -v0
echo "==> ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "==> import contracts (pyproject.toml [tool.importlinter]) and cycles"
.venv/bin/lint-imports --no-cache
.venv/bin/python scripts/import_cycles.py
echo "==> pytest, beside a dev Celery worker on the default settings"
# Proof that the suite is isolated from a running app (`make run`): a worker on the
# app's own broker and queue runs during the whole suite; the suite must pass and that
# worker must receive none of the suite's tasks (tests use their own Redis db and
# queue prefix, config/settings/test.py).
DEV_LOG="$(mktemp -t pqrdesk-dev-worker.XXXXXX.log)"
DJANGO_SETTINGS_MODULE=config.settings.local .venv/bin/celery -A config worker \
    --pool=solo --without-heartbeat --without-gossip --without-mingle \
    --loglevel=INFO --hostname="dev-beside-tests-$$@%h" >"$DEV_LOG" 2>&1 &
DEV_WORKER=$!
stop_dev_worker() { kill "$DEV_WORKER" 2>/dev/null && wait "$DEV_WORKER" 2>/dev/null || true; }
trap stop_dev_worker EXIT
status=0
.venv/bin/pytest "$@" || status=$?
stop_dev_worker
trap - EXIT
# On a clean clone (.ci/run) nothing else publishes to the dev queue, so any task that
# worker received came from the suite. Beside a real `make run` its beat feeds it.
# Celery 5 logs "Task <name>[<id>] received" (older releases: "Received task: ...").
RECEIVED='Received task|Task [A-Za-z0-9_.]+\[[^]]+\] received'
if [ "${PQRDESK_DEV_QUEUE_IS_IDLE:-0}" = "1" ] && grep -Eq "$RECEIVED" "$DEV_LOG"; then
    echo "FAIL: the dev worker received tasks of the test suite:" >&2
    grep -E "$RECEIVED" "$DEV_LOG" | head -5 >&2
    status=1
else
    echo "==> the dev worker received no task of the suite ($DEV_LOG)"
fi
exit "$status"
