"""`{% inline_radios %}` writes exactly what the protocol checklist's template loop over
`{{ radio.tag }}` wrote, for every step, unbound and bound, with a state checked or
not, and escapes what it writes."""

import pytest
from django import forms
from django.template import Context, Template

from pqr.models import ProtocolStepCode
from pqr.protocol_forms import ProtocolChecklistForm

OLD = Template(
    '{% for radio in field %}<div class="form-check form-check-inline mb-0">{{ radio.tag }}'
    '<label class="form-check-label" for="{{ radio.id_for_label }}">{{ radio.choice_label }}'
    "</label></div>{% endfor %}"
)
NEW = Template("{% load pqr_tags %}{% inline_radios field %}")


def _both(field) -> tuple[str, str]:
    return OLD.render(Context({"field": field})), NEW.render(Context({"field": field}))


@pytest.mark.parametrize(
    "data",
    [None, {"s1_state": "done", "s2_state": "na", "s4_state": "", "s6_state": "<x>"}],
)
def test_inline_radios_write_what_the_radio_tags_wrote(data):
    form = ProtocolChecklistForm(data, stepper=[])
    for code in ProtocolStepCode:
        old, new = _both(form[f"s{code.value}_state"])
        assert new == old
        assert 'type="radio"' in new
    if data:
        assert "checked" in _both(form["s1_state"])[1]


def test_inline_radios_escape_names_values_and_labels():
    class Odd(forms.Form):
        pick = forms.ChoiceField(
            choices=[('a"b', "<b>uno</b>"), ("2", "dos & tres")],
            widget=forms.RadioSelect(attrs={"data-x": "<y>", "disabled": True}),
        )

    form = Odd({"pick": 'a"b'}, prefix='p"')
    old, new = _both(form["pick"])
    assert new == old
    assert "&lt;b&gt;uno&lt;/b&gt;" in new
