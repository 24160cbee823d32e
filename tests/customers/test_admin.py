import pytest
from django.urls import reverse

MODELS = ["customer", "difficultytag", "customertagassignment", "consentrecord", "customeraudit"]


@pytest.mark.parametrize("model", MODELS)
def test_administrator_opens_every_customers_admin_list(admin_client_role, customer, model):
    response = admin_client_role.get(reverse(f"admin:customers_{model}_changelist"))
    assert response.status_code == 200


def test_administrator_edits_tag_guidance_in_admin(admin_client_role, tag_enojado):
    url = reverse("admin:customers_difficultytag_change", args=[tag_enojado.pk])
    assert admin_client_role.get(url).status_code == 200
