"""Factories shared by every app's tests; app-specific ones live in tests/<app>/factories.py."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core.roles import Role


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="es_CO")
    last_name = factory.Faker("last_name", locale="es_CO")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("a-Strong-pass-123")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=Role(extracted)))
            self.is_staff = extracted == Role.ADMIN
            self.save(update_fields=["is_staff"])


def unrestricted_user():
    """An unsaved superuser: what a selector returns when nothing is scoped away."""
    return get_user_model()(username="sin.restricciones", is_superuser=True, is_active=True)
