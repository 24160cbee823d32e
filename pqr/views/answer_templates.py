"""Supervisors' pages for respuestas tipo: the list with use counts, create, edit."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.mixins import role_required
from core.roles import Role
from pqr import selectors_answers, services
from pqr.answer_forms import AnswerTemplateForm
from pqr.models import AnswerTemplate
from pqr.services.answer_templates import PLACEHOLDERS

supervisor = role_required(Role.SUPERVISOR)


@supervisor
def answer_templates(request):
    rows = selectors_answers.answer_templates_all()
    return render(request, "pqr/answer_templates/list.html", {"templates": rows})


@supervisor
def answer_template_edit(request, pk: int | None = None):
    template = get_object_or_404(AnswerTemplate, pk=pk) if pk else None
    initial = {}
    if template is not None:
        initial = {
            "name": template.name,
            "language": template.language,
            "pqr_type": template.pqr_type_id,
            "root_cause": template.root_cause_id,
            "body": template.body,
            "is_active": template.is_active,
        }
    form = AnswerTemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.answer_template_save(
                actor=request.user, template=template, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Respuesta tipo «%(name)s» guardada.") % {"name": saved.name}
            )
            return redirect("pqr:answer_templates")
    context = {"form": form, "template": template, "placeholders": PLACEHOLDERS.items()}
    return render(
        request, "pqr/answer_templates/form.html", context, status=400 if form.errors else 200
    )
