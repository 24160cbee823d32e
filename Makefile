.PHONY: run test setup lint bench

# Set up everything (system packages, venv, npm, database, demo data) and run the app.
run:
	bash scripts/run.sh

# The whole test suite, as CI runs it.
test:
	bash scripts/test.sh

setup:
	bash scripts/setup.sh

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
