"""The six-step complaint protocol as one checklist: every step on one form, with its
short guidance, saved together or one step at a time."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.money import CopAmountField
from pqr.models import CompensationKind, ProtocolStepCode
from pqr.services import StepEntry
from pqr.services.protocol import ALWAYS_APPLICABLE

DONE, NOT_APPLICABLE = "done", "na"
# What to do in each step, in a line (domain.md, section 3).
GUIDANCE = {
    ProtocolStepCode.DISCULPARSE: _(
        "Reconozca lo que salió mal y ofrezca una disculpa sincera, sin excusas ni culpar "
        "al cliente."
    ),
    ProtocolStepCode.ESCUCHAR: _(
        "Deje que cuente todo sin interrumpir; anote los hechos y sus razones como los dijo."
    ),
    ProtocolStepCode.EXAMINAR_OPCIONES: _(
        "Pregúntele qué solución le parecería justa y anote las opciones que hablaron."
    ),
    ProtocolStepCode.COMPENSAR: _(
        "Ofrezca algo por la molestia (reembolso, descuento, reposición, crédito). Si no "
        "corresponde, elija «Ninguna» y diga por qué."
    ),
    ProtocolStepCode.PERSONALIZAR: _(
        "Trátelo como su caso y no como un formato: su nombre, sus detalles, lo que le importa."
    ),
    ProtocolStepCode.ALINEARSE: _(
        "Confirme que se siente escuchado y que está de acuerdo con la solución."
    ),
}
MAX_COMPENSATION = Decimal("999999999999.99")


class ProtocolChecklistForm(forms.Form):
    """Fields per step: `s<n>_state` (pending / done / not applicable) and `s<n>_note`;
    step 4 adds the compensation. `only` (the step's own button) saves one step."""

    only = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", ""), *ProtocolStepCode.choices],
        widget=forms.HiddenInput,
    )
    compensation_kind = forms.ChoiceField(
        label=_("Compensación"),
        required=False,
        choices=[("", "—"), *CompensationKind.choices],
    )
    compensation_amount = CopAmountField(
        label=_("Valor (COP)"), required=False, max_value=MAX_COMPENSATION
    )

    def __init__(self, *args, stepper: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = {s["code"]: s["row"] for s in stepper}
        for code in ProtocolStepCode:
            row = self.rows.get(code.value)
            choices = [("", _("Pendiente")), (DONE, _("Hecho"))]
            if code not in ALWAYS_APPLICABLE:
                choices.append((NOT_APPLICABLE, _("No aplica")))
            self.fields[f"s{code.value}_state"] = forms.ChoiceField(
                label=_("Estado del paso «%(step)s»") % {"step": code.label},
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
                initial=_state_of(row),
            )
            self.fields[f"s{code.value}_note"] = forms.CharField(
                label=_("Qué se hizo, o por qué no aplica"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=_stored_note(row),
            )
        compensation = self.rows.get(ProtocolStepCode.COMPENSAR)
        if compensation is not None and not compensation.not_applicable:
            self.fields["compensation_kind"].initial = compensation.compensation_kind
            self.fields["compensation_amount"].initial = compensation.compensation_amount

    def steps(self) -> list[dict]:
        """What the template draws for each step."""
        return [
            {
                "code": code.value,
                "label": code.label,
                "guidance": GUIDANCE[code],
                "row": self.rows.get(code.value),
                "state": self[f"s{code.value}_state"],
                "note": self[f"s{code.value}_note"],
                "compensation": code == ProtocolStepCode.COMPENSAR,
            }
            for code in ProtocolStepCode
        ]

    def entries(self) -> list[StepEntry]:
        """The steps to save: marked, changed since they were stored, and only the one
        asked for when a step's own button was used."""
        data, only = self.cleaned_data, self.cleaned_data.get("only")
        found = []
        for code in ProtocolStepCode:
            state = data.get(f"s{code.value}_state")
            if not state or only not in (None, code.value):
                continue
            entry = StepEntry(
                step=code.value,
                not_applicable=state == NOT_APPLICABLE,
                note=(data.get(f"s{code.value}_note") or "").strip(),
                **self._compensation(code, state),
            )
            if not _unchanged(self.rows.get(code.value), entry):
                found.append(entry)
        return found

    def _compensation(self, code, state: str) -> dict:
        if code != ProtocolStepCode.COMPENSAR or state != DONE:
            return {}
        return {
            "compensation_kind": self.cleaned_data.get("compensation_kind") or "",
            "compensation_amount": self.cleaned_data.get("compensation_amount"),
        }

    def pending_elsewhere(self) -> bool:
        """After saving one step: did the agent type in other steps, not saved yet?"""
        data, only = self.cleaned_data, self.cleaned_data.get("only")
        if only is None:
            return False
        for code in ProtocolStepCode:
            row = self.rows.get(code.value)
            typed = (data.get(f"s{code.value}_state") or "", data.get(f"s{code.value}_note") or "")
            if code.value != only and typed != (_state_of(row), _stored_note(row)):
                return True
        if only == ProtocolStepCode.COMPENSAR:
            return False
        stored = self.rows.get(ProtocolStepCode.COMPENSAR)
        return (data.get("compensation_kind") or "", data.get("compensation_amount")) != (
            (stored.compensation_kind, stored.compensation_amount) if stored else ("", None)
        )

    def add_step_errors(self, errors: dict) -> None:
        """A service refusal ({step: messages}) shown under that step's note."""
        for step, texts in errors.items():
            field = f"s{step}_note"
            self.add_error(field if field in self.fields else None, texts)


def _state_of(row) -> str:
    if row is None:
        return ""
    return NOT_APPLICABLE if row.not_applicable else DONE


def _stored_note(row) -> str:
    if row is None:
        return ""
    return (row.justification if row.not_applicable else row.note).strip()


def _unchanged(row, entry: StepEntry) -> bool:
    if row is None:
        return False
    return (
        row.not_applicable == entry.not_applicable
        and _stored_note(row) == entry.note
        and (row.compensation_kind or "") == entry.compensation_kind
        and row.compensation_amount == entry.compensation_amount
    )
