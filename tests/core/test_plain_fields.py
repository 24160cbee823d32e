"""The queue's filter bar, rendered in Python instead of crispy templates, keeps what
the agent sees and sends: labels tied to controls, the chosen values, errors."""

import re

from django import forms
from django.template import Context, Template


class Filters(forms.Form):
    q = forms.CharField(label="Buscar <texto>", required=False, max_length=100)
    status = forms.ChoiceField(
        label="Estado", required=False, choices=[("", "Todos"), ("open", "Abiertas"), ("x", "<b>")]
    )
    anger = forms.BooleanField(label="Solo con ira", required=False)
    day = forms.DateField(label="Día", required=True)


def _render(data) -> str:
    template = Template(
        "{% load plain_fields %}{% plain_field f.q %}{% plain_field f.status %}"
        "{% plain_field f.anger %}{% plain_field f.day %}"
    )
    form = Filters(data)
    form.is_valid()
    return template.render(Context({"f": form}))


def test_chosen_values_come_back_selected_and_checked():
    html = _render({"q": 'cobro "doble"', "status": "open", "anger": "on", "day": "2026-01-05"})
    assert 'value="cobro &quot;doble&quot;"' in html
    assert 'maxlength="100"' in html
    assert '<option value="open" selected>Abiertas</option>' in html
    assert '<option value="" selected>' not in html
    assert re.search(r'<input type="checkbox" [^>]*name="anger"[^>]*checked>', html)


def test_labels_point_at_their_controls_and_text_is_escaped():
    html = _render({})
    for name in ("q", "status", "anger"):
        assert f'for="id_{name}"' in html
        assert f'id="id_{name}"' in html
    assert "Buscar &lt;texto&gt;" in html
    assert '<option value="x">&lt;b&gt;</option>' in html
    assert '<option value="" selected>Todos</option>' in html


def test_errors_are_shown_next_to_the_field():
    html = _render({"status": "nope", "day": "mañana"})
    assert html.count('class="invalid-feedback d-block"') == 2
    assert re.search(r'<select [^>]*class="form-select is-invalid"', html)


def test_lazy_choice_labels_follow_the_language_of_each_render():
    from django.utils import translation
    from django.utils.translation import gettext_lazy

    class Lazy(forms.Form):
        due = forms.ChoiceField(required=False, choices=[("", gettext_lazy("Todos"))])

    template = Template("{% load plain_fields %}{% plain_field f.due %}")
    rendered = []
    for language in ("es-co", "en", "es-co", "en"):
        with translation.override(language):
            rendered.append(template.render(Context({"f": Lazy()})))
    assert '<option value="" selected>Todos</option>' in rendered[0]
    assert '<option value="" selected>All</option>' in rendered[1]
    assert rendered[2] == rendered[0]
    assert rendered[3] == rendered[1]
