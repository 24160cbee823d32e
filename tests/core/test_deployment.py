"""Deployment files: production settings pass `check --deploy`; compose matches settings."""

import os
import subprocess
import sys
from pathlib import Path

import yaml

from config.queues import GROUPS

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "k" * 20 + "-production-secret-for-deploy-check-9f8e7d6c5b4a",
    "DJANGO_ALLOWED_HOSTS": "pqr.example.org",
}


def _manage(*args, env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = _manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def _compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_defines_every_service_with_a_health_check():
    services = _compose()["services"]
    workers = {f"worker-{group}" for group in GROUPS}
    assert set(services) == {"postgres", "redis", "web", "beat", "relay", *workers}
    for name, service in services.items():
        assert "healthcheck" in service, name
    assert "pgdata" in _compose()["volumes"]
    assert "pgdata:/var/lib/postgresql/data" in services["postgres"]["volumes"]


def test_compose_app_services_point_settings_at_compose_hosts():
    services = _compose()["services"]
    postgres_env = services["postgres"]["environment"]
    expected_db = (
        f"postgres://{postgres_env['POSTGRES_USER']}:{postgres_env['POSTGRES_PASSWORD']}"
        f"@postgres:5432/{postgres_env['POSTGRES_DB']}"
    )
    for name in ("web", "beat", *(f"worker-{group}" for group in GROUPS)):
        service = services[name]
        env = service["environment"]
        assert service["build"] == "."
        assert env["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
        assert env["DATABASE_URL"] == expected_db
        assert env["CELERY_BROKER_URL"].startswith("redis://redis:6379")
        assert service["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "gunicorn config.wsgi:application" in services["web"]["command"]
    assert services["worker-alerts"]["command"].startswith("celery -A config worker")
    assert services["beat"]["command"].startswith("celery -A config beat")


def test_compose_environment_is_read_by_the_settings():
    base = (ROOT / "config" / "settings" / "base.py").read_text()
    production = (ROOT / "config" / "settings" / "production.py").read_text()
    env = _compose()["services"]["web"]["environment"]
    for key in env:
        if key == "DJANGO_SETTINGS_MODULE":
            continue
        assert f'"{key}"' in base + production, f"{key} is set in compose but never read"


def test_dockerfile_builds_assets_from_the_npm_lock_file():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "npm ci" in dockerfile
    assert (ROOT / "package-lock.json").exists()
