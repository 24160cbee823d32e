from customers import demo
from customers.models import CustomerTagAssignment


def test_demo_seeds_about_fifty_customers_with_tags_once(db):
    demo.seed(None)
    demo.seed(None)
    from customers.models import Customer

    assert 45 <= Customer.objects.count() <= 60
    assert CustomerTagAssignment.objects.count() >= 5
    assert Customer.objects.filter(document_type="NIT").count() == 6
