# ruff: noqa: E501 - the replaced template, kept verbatim
"""`{% delivery_fields %}` writes what `pqr/_delivery_fields.html` wrote (the template it
replaced, kept below verbatim), in Spanish and English: unbound with and without an
email address, bound with a channel chosen, with field and form errors, and escaped."""

import pytest
from django.template import engines
from django.utils import translation

from pqr.answer_forms import DeliveryForm

from .factories import make_pqr

pytestmark = pytest.mark.django_db

REPLACED = """{% load i18n %}{# How a decision reaches the customer. form: a DeliveryForm; label: optional heading #}
<fieldset class="border rounded p-2 mb-2 small" data-delivery>
  <legend class="fs-6 fw-semibold mb-1 float-none w-auto px-1">{% translate "Notificación al cliente" %}</legend>
  {% if form.has_email %}
    <p class="mb-1 text-body-secondary"><i class="bi bi-envelope" aria-hidden="true"></i> {% blocktranslate with to=recipient %}Por correo a {{ to }}, salvo que elija otro canal.{% endblocktranslate %}</p>
  {% else %}
    <div class="alert alert-warning py-1 px-2 mb-2" role="alert" data-testid="no-channel-warning"><i class="bi bi-exclamation-triangle" aria-hidden="true"></i> {% translate "Esta PQR no tiene correo: el cliente no se enteraría. Elija cómo se le comunica." %}</div>
  {% endif %}
  {% for error in form.non_field_errors %}<div class="text-danger">{{ error }}</div>{% endfor %}
  <label class="form-label mb-0" for="{{ form.channel.id_for_label }}">{{ form.channel.label }}</label>
  <select class="form-select form-select-sm mb-1" name="{{ form.channel.html_name }}" id="{{ form.channel.id_for_label }}" data-channel{% if not form.has_email %} required{% endif %}>
    {% for value, label in form.channel.field.choices %}<option value="{{ value }}"{% if form.channel.value|stringformat:"s" == value|stringformat:"s" %} selected{% endif %}>{{ label }}</option>{% endfor %}
  </select>
  <div data-for="in_person phone post">
    <label class="form-label mb-0" for="{{ form.notified_on.id_for_label }}">{{ form.notified_on.label }}</label>
    <input class="form-control form-control-sm mb-1" type="date" name="{{ form.notified_on.html_name }}" id="{{ form.notified_on.id_for_label }}" value="{{ form.notified_on.value|date:'Y-m-d'|default:form.notified_on.value|default:'' }}">
    {% for error in form.notified_on.errors %}<div class="text-danger">{{ error }}</div>{% endfor %}
  </div>
  <div data-for="in_person phone">
    <label class="form-label mb-0" for="{{ form.constancia.id_for_label }}">{{ form.constancia.label }}</label>
    <textarea class="form-control form-control-sm mb-1" rows="2" name="{{ form.constancia.html_name }}" id="{{ form.constancia.id_for_label }}" aria-describedby="{{ form.constancia.id_for_label }}-help">{{ form.constancia.value|default:"" }}</textarea>
    <div class="form-text mt-0 mb-1" id="{{ form.constancia.id_for_label }}-help">{{ form.constancia.help_text }}</div>
  </div>
  <div data-for="post phone">
    <label class="form-label mb-0" for="{{ form.address.id_for_label }}">{{ form.address.label }}</label>
    <input class="form-control form-control-sm mb-1" name="{{ form.address.html_name }}" id="{{ form.address.id_for_label }}" value="{{ form.address.value|default:'' }}" maxlength="254">
  </div>
  <div data-for="post">
    <label class="form-label mb-0" for="{{ form.guide_number.id_for_label }}">{{ form.guide_number.label }}</label>
    <input class="form-control form-control-sm mb-1" name="{{ form.guide_number.html_name }}" id="{{ form.guide_number.id_for_label }}" value="{{ form.guide_number.value|default:'' }}" maxlength="60">
  </div>
  <div data-for="notice">
    <label class="form-label mb-0" for="{{ form.notice_text.id_for_label }}">{{ form.notice_text.label }}</label>
    <textarea class="form-control form-control-sm mb-1" rows="3" name="{{ form.notice_text.html_name }}" id="{{ form.notice_text.id_for_label }}">{{ form.notice_text.value|default:"" }}</textarea>
    <div class="form-text mt-0 mb-1">{{ form.notice_text.help_text }}</div>
  </div>
  <div data-for="in_person phone post notice">
    <label class="form-label mb-0" for="{{ form.evidence.id_for_label }}">{{ form.evidence.label }}</label>
    <input class="form-control form-control-sm" type="file" name="{{ form.evidence.html_name }}" id="{{ form.evidence.id_for_label }}">
  </div>
</fieldset>
"""


def _both(form, recipient) -> tuple[str, str]:
    engine = engines["django"]
    context = {"form": form, "recipient": recipient}
    old = engine.from_string(REPLACED).render(context)
    new = engine.from_string("{% load delivery_tags %}{% delivery_fields form %}").render(context)
    return old, new


def _forms(pqr):
    yield DeliveryForm(pqr=pqr, prefix="nanswer")
    yield DeliveryForm(pqr=pqr, prefix="ntransfer", acknowledgement=True)
    bound = {
        "nreject-channel": "post",
        "nreject-notified_on": "2999-01-01",  # in the future: a field error
        "nreject-address": 'Calle 5 # 4-10 <"apto 2">',
        "nreject-guide_number": "RN-88",
        "nreject-constancia": "Entregada a la portera & firmada",
        "nreject-notice_text": "",
    }
    form = DeliveryForm(bound, pqr=pqr, prefix="nreject")
    form.is_valid()
    form.add_error(None, "Elija un canal <b>válido</b>.")
    yield form
    yield DeliveryForm({"nx-notified_on": "no es fecha"}, pqr=pqr, prefix="nx")


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("email", ["luz@example.com", ""])
def test_delivery_fields_write_what_the_template_wrote(team_a, agent, language, email):
    pqr = make_pqr(actor=agent, team=team_a, contact_email=email)
    recipient = email or None
    with translation.override(language):
        for form in _forms(pqr):
            old, new = _both(form, recipient)
            assert new == old
            assert "data-delivery" in new
