"""Respuestas tipo: supervisors manage them; placeholders render as escaped plain text."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pqr.models import AnswerTemplate, PqrType
from pqr.services import answer_template_render, answer_template_save, letter_preview
from tests.answers import IN_PERSON

from .factories import CustomerFactory, make_pqr

pytestmark = pytest.mark.django_db
EVIL = '<script>alert("x")</script> & Cía'


@pytest.fixture
def template(supervisor):
    return answer_template_save(
        actor=supervisor,
        name="Respuesta general",
        language="es",
        body="Estimado(a) {{ cliente }}: sobre {{radicado}}, término {{ termino_legal }}. "
        "{% now 'Y' %} {{ pqr.customer.document_number }}",
    )


@pytest.fixture
def evil_pqr(agent, team_a):
    customer = CustomerFactory(full_name=EVIL, email="evil@example.com")
    return make_pqr(actor=agent, team=team_a, customer=customer)


def test_supervisor_creates_a_template_and_an_agent_may_not(supervisor_client, agent_client):
    url = reverse("pqr:answer_template_create")
    assert agent_client.get(url).status_code == 403
    response = supervisor_client.post(
        url,
        {
            "name": "Reclamo: reversión del cobro",
            "language": "es",
            "pqr_type": PqrType.objects.get(code="reclamo").pk,
            "body": "Estimado(a) {{ cliente }}, reversamos el cobro. {{ recursos }}",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    saved = AnswerTemplate.objects.get()
    assert saved.pqr_type.code == "reclamo"
    page = supervisor_client.get(reverse("pqr:answer_templates")).content.decode()
    assert "Reclamo: reversión del cobro" in page


def test_unknown_placeholders_are_refused_and_the_text_is_kept(supervisor_client):
    response = supervisor_client.post(
        reverse("pqr:answer_template_create"),
        {"name": "Mala", "language": "es", "body": "Hola {{ settings }} y {{ cliente }}"},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Estos campos no existen: {{ settings }}" in body
    assert "Hola {{ settings }} y {{ cliente }}" in body
    with pytest.raises(ValidationError):
        answer_template_save(actor=None, name="x", language="es", body="{{ password }}")


def test_placeholders_are_filled_as_plain_text_and_template_code_is_not_run(
    agent, evil_pqr, template
):
    text = answer_template_render(template=template, pqr=evil_pqr, actor=agent)
    assert text.startswith(f"Estimado(a) {EVIL}: sobre {evil_pqr.radicado}, término 15 días")
    # Template syntax stays literal: nothing reaches objects or settings.
    assert "{% now 'Y' %} {{ pqr.customer.document_number }}" in text


def test_rendered_placeholders_are_escaped_on_the_page_preview_and_letter(
    agent, agent_client, evil_pqr, template
):
    response = agent_client.get(
        reverse("pqr:answer_template_fill", args=[evil_pqr.pk]), {"template": template.pk}
    )
    fill = response.content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Cía" in fill
    assert "<script>" not in fill
    text = answer_template_render(template=template, pqr=evil_pqr, actor=agent)
    html = letter_preview(pqr=evil_pqr, body=text, actor=agent)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    preview = agent_client.post(
        reverse("pqr:answer_preview", args=[evil_pqr.pk]), {"body": text}
    ).content.decode()
    assert "<script>" not in preview.replace("&lt;script&gt;", "")


def test_agents_are_offered_templates_of_the_type_and_the_customer_language(
    agent, agent_client, supervisor, evil_pqr, template
):
    answer_template_save(actor=supervisor, name="Solo reclamos", language="es", body="x",
                         pqr_type=PqrType.objects.get(code="reclamo"))  # fmt: skip
    answer_template_save(actor=supervisor, name="General answer", language="en", body="x")
    page = agent_client.get(reverse("pqr:detail", args=[evil_pqr.pk])).content.decode()
    assert "Respuesta general" in page
    assert "Solo reclamos" not in page  # the PQR is a petición
    assert "General answer" not in page  # the customer writes in Spanish


def test_each_answer_sent_from_a_template_counts_one_use(agent, agent_client, template, team_a):
    pqr = make_pqr(actor=agent, team=team_a)
    for _ in range(2):
        agent_client.post(
            reverse("pqr:answer", args=[pqr.pk]),
            {
                "do": "send",
                "template": template.pk,
                "body": "Texto editado por el agente.",
                "nanswer-channel": "phone",
                "nanswer-constancia": IN_PERSON.constancia,
            },
        )
    template.refresh_from_db()
    assert template.use_count == 2
    assert template.last_used_at is not None
