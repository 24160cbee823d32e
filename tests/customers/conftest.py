import pytest

from customers.models import DifficultyTag

from .factories import CustomerFactory


@pytest.fixture
def customer(db, agent):
    # Created by the test agent and with no PQR yet: in that agent's scope.
    return CustomerFactory(
        full_name="María Fernanda Ramírez", document_number="52123456", created_by=agent
    )


@pytest.fixture
def tag_enojado(db):
    return DifficultyTag.objects.get(slug="enojado")
