#!/usr/bin/env bash
# Set everything up, load demo data, then run web, Celery worker and Celery beat together.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "==> migrate"
.venv/bin/python manage.py migrate --noinput -v0
echo "==> collectstatic"
.venv/bin/python manage.py collectstatic --noinput -v0
echo "==> demo data"
.venv/bin/python manage.py seed_demo
echo
echo "PQR Desk: http://127.0.0.1:8000/  (Ctrl+C stops web, worker and beat)"
echo
exec .venv/bin/honcho start -f Procfile
