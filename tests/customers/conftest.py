import pytest

from customers.models import DifficultyTag

from .factories import CustomerFactory


@pytest.fixture
def customer(db):
    return CustomerFactory(full_name="María Fernanda Ramírez", document_number="52123456")


@pytest.fixture(autouse=True)
def _catalogue_and_roles(request):
    """Flushing tests (live server, other apps' workers) empty the seeded tables."""
    from django.contrib.auth.models import Group

    from core.roles import Role, grant_administrator_permissions
    from customers.tag_catalogue import seed_tags

    names = set(request.fixturenames)
    if names & {"transactional_db", "live_server"}:
        request.getfixturevalue("transactional_db")
    elif "db" in names or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
    else:
        return
    for role in Role:
        Group.objects.get_or_create(name=role)
    grant_administrator_permissions(sender=None)
    seed_tags(DifficultyTag)


@pytest.fixture
def tag_enojado(db):
    return DifficultyTag.objects.get(slug="enojado")
