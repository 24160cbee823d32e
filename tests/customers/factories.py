import factory

from customers.models import Customer, DocumentType


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    document_type = DocumentType.CC
    document_number = factory.Sequence(lambda n: f"{10000000 + n}")
    full_name = factory.Sequence(lambda n: f"Cliente Prueba {n}")
    email = factory.Sequence(lambda n: f"cliente{n}@example.co")
    phone = factory.Sequence(lambda n: f"300{1000000 + n}")
    city = "Bogotá"
