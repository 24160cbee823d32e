import pytest

from customers.models import DifficultyTag

from .factories import CustomerFactory


@pytest.fixture
def customer(db):
    return CustomerFactory(full_name="María Fernanda Ramírez", document_number="52123456")


@pytest.fixture
def tag_enojado(db):
    return DifficultyTag.objects.get(slug="enojado")
