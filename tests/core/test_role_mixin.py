"""The role mixin every staff view uses, exercised through a throwaway view."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.views import View

from core.mixins import RoleRequiredMixin, role_required
from core.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class SupervisorsOnly(RoleRequiredMixin, View):
    required_role = Role.SUPERVISOR

    def get(self, request):
        return HttpResponse("ok")


@role_required(Role.ADMIN)
def admins_only(request):
    return HttpResponse("ok")


def _get(view, user):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/x/")
    request.user = user or AnonymousUser()
    return view(request)


def test_anonymous_user_is_sent_to_login():
    response = _get(SupervisorsOnly.as_view(), None)
    assert response.status_code == 302
    assert "/cuenta/login/" in response["Location"]


def test_agent_gets_403_on_supervisor_view():
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _get(SupervisorsOnly.as_view(), UserFactory(role=Role.AGENT))


def test_supervisor_and_admin_pass_supervisor_view():
    assert _get(SupervisorsOnly.as_view(), UserFactory(role=Role.SUPERVISOR)).status_code == 200
    assert _get(SupervisorsOnly.as_view(), UserFactory(role=Role.ADMIN)).status_code == 200


def test_decorator_redirects_anonymous_and_refuses_supervisor():
    from django.core.exceptions import PermissionDenied

    assert _get(admins_only, None).status_code == 302
    with pytest.raises(PermissionDenied):
        _get(admins_only, UserFactory(role=Role.SUPERVISOR))
