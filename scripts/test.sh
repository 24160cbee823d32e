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
echo "==> pytest"
exec .venv/bin/pytest "$@"
