import pytest

from customers.selectors import customer_search
from tests.factories import unrestricted_user

from .factories import CustomerFactory


@pytest.fixture
def ramirez(db):
    return CustomerFactory(
        full_name="José Ramírez Peña",
        document_number="79555111",
        email="jose.ramirez@example.co",
        phone="3105551234",
    )


def test_name_without_accents_finds_accented_name(ramirez):
    assert list(customer_search(user=unrestricted_user(), query="Ramirez")) == [ramirez]


def test_name_search_is_case_insensitive_and_partial(ramirez):
    assert list(customer_search(user=unrestricted_user(), query="jose pen")) == [ramirez]


def test_document_with_dots_finds_exact_document(ramirez):
    CustomerFactory(document_number="795551110")
    assert list(customer_search(user=unrestricted_user(), query="79.555.111")) == [ramirez]


def test_email_finds_customer_regardless_of_case(ramirez):
    assert list(customer_search(user=unrestricted_user(), query="Jose.Ramirez@example.co")) == [
        ramirez
    ]


def test_phone_with_spaces_finds_customer(ramirez):
    assert list(customer_search(user=unrestricted_user(), query="310 555 1234")) == [ramirez]


def test_unrelated_query_finds_nothing(ramirez):
    assert list(customer_search(user=unrestricted_user(), query="Gutiérrez")) == []


def test_common_name_beyond_the_cap_still_lists_a_sorted_first_page(agent_client, settings):
    from customers.pagination import CappedPaginator

    CustomerFactory.create_batch(12, full_name="Ana Úsuga")
    CustomerFactory(full_name="Aaron Úsuga")
    paginator = CappedPaginator(customer_search(user=unrestricted_user(), query="usuga"), 5)
    paginator.cap = 10
    page = paginator.get_page(1)
    assert paginator.capped
    assert paginator.count == 10
    names = [c.full_name for c in page.object_list]
    assert len(names) == 5
    assert names == sorted(names)
