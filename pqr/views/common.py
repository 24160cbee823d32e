"""What the staff PQR views share: the role check, running a service, going back."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse

from core.mixins import role_required
from core.roles import Role

staff = role_required(Role.AGENT)


def run(request, action, *args, **kwargs) -> bool:
    try:
        action(*args, **kwargs)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
        return False
    return True


def form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def back(pqr, anchor: str = ""):
    return redirect(reverse("pqr:detail", args=[pqr.pk]) + (f"#{anchor}" if anchor else ""))
