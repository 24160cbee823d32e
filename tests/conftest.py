import pytest
from celery.contrib.testing.worker import start_worker
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test import Client

from config.celery import app as celery_app
from core.roles import Role
from pqr.models import PqrType
from tests.factories import UserFactory
from tests.smtp import smtp_server  # noqa: F401  (a real SMTP server fixture)


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    """Each test gets its own cache namespace, so rate limits never leak between tests."""
    import uuid

    settings.CACHES = {
        "default": {**settings.CACHES["default"], "KEY_PREFIX": f"t-{uuid.uuid4().hex}"}
    }


@pytest.fixture(autouse=True)
def _fresh_sla_caches():
    """Each test's database starts at the same calendar version: the calendar and
    rules this process read in an earlier test must not be taken for its own."""
    from api.webhooks import webhooks_endpoints_forget
    from pqr.selectors_detail import catalogue_caches_clear
    from pqr.templatetags.public_tags import crispy_kept_forget
    from sla.selectors import process_caches_clear

    process_caches_clear()
    catalogue_caches_clear()  # the PQR page's catalogues, kept under the same token
    webhooks_endpoints_forget()
    crispy_kept_forget()  # the public form's rendered fields


@pytest.fixture(autouse=True)
def _default_language(settings):
    """Each test starts in the site's language: a request in English (the locale
    middleware activates it in this thread) must not leak into the next test."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def agent(db):
    return UserFactory(username="agente.prueba", role=Role.AGENT)


@pytest.fixture
def supervisor(db):
    return UserFactory(username="supervisor.prueba", role=Role.SUPERVISOR)


@pytest.fixture
def administrator(db):
    return UserFactory(username="admin.prueba", role=Role.ADMIN)


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def agent_client(agent):
    return _client_for(agent)


@pytest.fixture
def supervisor_client(supervisor):
    return _client_for(supervisor)


@pytest.fixture
def admin_client_role(administrator):
    return _client_for(administrator)


def pytest_collection_modifyitems(items):
    """Transactional tests flush the database when they finish, which would also wipe
    the rows our data migrations seed (roles, PQR types, tag catalogue, legal terms).
    Serialized rollback restores those rows before each such test."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        names = getattr(item, "fixturenames", ())
        transactional = (marker is not None and marker.kwargs.get("transaction")) or (
            "transactional_db" in names or "live_server" in names
        )
        if transactional:
            kwargs = {**(marker.kwargs if marker else {}), "transaction": True}
            item.add_marker(pytest.mark.django_db(**kwargs, serialized_rollback=True), append=False)


@pytest.fixture
def real_worker(transactional_db, settings):
    """A Celery worker thread consuming from the real Redis broker (not eager mode)."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.conf.task_always_eager = False
    with start_worker(celery_app, perform_ping_check=False, shutdown_timeout=30) as worker:
        yield worker
    celery_app.conf.task_always_eager = True


def _seeded_rows_present() -> bool:
    # Some conftests create the role groups again; the PQR types only migrations seed.
    return PqrType.objects.exists() and Group.objects.filter(name=Role.AGENT).exists()


@pytest.fixture(scope="session", autouse=True)
def _close_stray_connections(django_db_setup, django_db_blocker):
    """Worker and live-server threads keep their own connections open; end them so the
    test database can be dropped at the end of the run. Then put back the rows the data
    migrations seeded if a transactional test flushed them last: with --reuse-db the
    next run starts from this database (roles, PQR types, terms)."""
    with django_db_blocker.unblock():
        if not _seeded_rows_present():
            pytest.exit(
                "The reused test database lost its seeded rows (roles): run once with --create-db",
                returncode=3,
            )
    yield
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        seeded = getattr(connection, "_test_serialized_contents", None)
        if seeded and not _seeded_rows_present():
            call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
            connection.creation.deserialize_db_from_string(seeded)
