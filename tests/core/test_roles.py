import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from core.roles import Role, has_role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_three_roles_exist_as_groups_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Agente",
        "Supervisor",
        "Administrador",
    }


def test_administrator_group_holds_user_management_permissions():
    admin_group = Group.objects.get(name=Role.ADMIN)
    change_user = Permission.objects.get(codename="change_user")
    assert admin_group.permissions.filter(pk=change_user.pk).exists()


def test_roles_are_ordered_agent_below_supervisor_below_admin():
    agent = UserFactory(role=Role.AGENT)
    supervisor = UserFactory(role=Role.SUPERVISOR)
    assert has_role(agent, Role.AGENT)
    assert not has_role(agent, Role.SUPERVISOR)
    assert has_role(supervisor, Role.AGENT)
    assert not has_role(supervisor, Role.ADMIN)


def test_user_without_role_holds_none():
    assert not has_role(UserFactory(), Role.AGENT)


def test_admin_site_refuses_agents_and_serves_administrators(agent_client, admin_client_role):
    assert agent_client.get(reverse("admin:index")).status_code == 302
    assert admin_client_role.get(reverse("admin:index")).status_code == 200
