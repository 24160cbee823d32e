"""The PQR page's forms, written in Python (`{% form_fields %}`, `{% form_field %}`)
instead of crispy's templates, show and send what crispy's did: the same ids, names,
options, chosen values, required marks, help texts and errors (issue 18)."""

import re

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.template import Context, Template


class Decision(forms.Form):
    kind = forms.ChoiceField(label="Tipo <de decisión>", choices=[("a", "Acepta"), ("r", "<b>")])
    team = forms.ChoiceField(label="Equipo", required=False, choices=[("", "—"), ("7", "Siete")])
    note = forms.CharField(label="Observación", widget=forms.Textarea(attrs={"rows": 2}))
    on = forms.DateField(
        label="Fecha",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="El día en que se envió.",
    )
    evidence = forms.FileField(label="Soporte", required=False)
    step = forms.CharField(widget=forms.HiddenInput, required=False)


def _ours(form) -> str:
    return Template("{% load plain_fields %}{% form_fields f %}").render(Context({"f": form}))


def _crispy(form) -> str:
    return "".join(as_crispy_field(f) for f in form.visible_fields())


def _controls(html: str) -> list[tuple[str, str]]:
    """(tag, id) of every control and label target, in order."""
    return re.findall(r'<(select|textarea|input|label)[^>]*?(?:id|for)="([^"]+)"', html)


def test_same_controls_labels_and_options_as_crispy():
    form = Decision(initial={"kind": "r", "team": "7"})
    ours, theirs = _ours(form), _crispy(form)
    assert _controls(ours)[: len(_controls(theirs))] == _controls(theirs)
    assert 'name="step"' in ours  # hidden fields come along
    for html in (ours, theirs):
        assert "Tipo &lt;de decisión&gt;" in html
        assert re.search(r'<option value="r" selected>&lt;b&gt;</option>', html)
        assert re.search(r'<option value="7" selected>Siete</option>', html)
    assert ours.count('<span class="asteriskField">*</span>') == 2  # kind and note
    assert 'id="id_on_helptext" class="form-text">El día en que se envió.</div>' in ours
    assert re.search(r'<input type="date"[^>]*aria-describedby="id_on_helptext"', ours)


def test_errors_show_next_to_their_field_with_what_was_typed():
    form = Decision({"kind": "zz", "note": "", "on": "mañana"})
    form.is_valid()
    html = _ours(form)
    assert html.count('class="invalid-feedback d-block"') == 3
    assert re.search(r'<select [^>]*class="select form-select is-invalid"', html)
    assert re.search(r'<textarea [^>]*class="textarea form-control is-invalid"', html)
    assert 'value="mañana"' in html
    for field in ("kind", "note", "on"):
        assert f'aria-describedby="id_{field}_error"' in html
        assert f'id="error_1_id_{field}"' in html
