"""Scheduled reports page: the supervisor's subscriptions and their past deliveries.
Thin views: the form validates, dashboards.subscriptions does the writes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.mixins import role_required
from core.roles import Role

from . import deliveries, subscriptions
from .forms import SubscriptionForm


def _page(request, form, status=200):
    now = timezone.now()
    rows = [
        (sub, subscriptions.next_send_at(sub.frequency, now))
        for sub in subscriptions.subscriptions_of(request.user)
    ]
    return render(
        request,
        "dashboards/subscriptions.html",
        {
            "form": form,
            "subscriptions": rows,
            "deliveries": subscriptions.deliveries_of(request.user),
            "can_subscribe": form.fields["team"].queryset.exists()
            or not form.fields["team"].required,
            "tab": "reports",
        },
        status=status,
    )


@role_required(Role.SUPERVISOR)
def subscription_list(request):
    if request.method != "POST":
        return _page(request, SubscriptionForm(user=request.user))
    form = SubscriptionForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            subscriptions.subscription_create(owner=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Listo: recibirá este informe por correo."))
            return redirect("dashboards:subscriptions")
    return _page(request, form, status=400)


@require_POST
@role_required(Role.SUPERVISOR)
def subscription_toggle(request, pk: int):
    subscription = subscriptions.subscription_for_owner(owner=request.user, pk=pk)
    active = not subscription.is_active
    subscriptions.subscription_set_active(subscription=subscription, active=active)
    if active:
        messages.success(request, _("El envío se reanudó."))
    else:
        messages.success(request, _("El envío quedó en pausa: no recibirá este informe."))
    return redirect("dashboards:subscriptions")


@require_POST
@role_required(Role.SUPERVISOR)
def subscription_delete(request, pk: int):
    subscription = subscriptions.subscription_for_owner(owner=request.user, pk=pk)
    subscriptions.subscription_delete(subscription=subscription)
    messages.success(request, _("El informe programado se eliminó."))
    return redirect("dashboards:subscriptions")


@require_POST
@role_required(Role.SUPERVISOR)
def delivery_retry(request, pk: int):
    try:
        deliveries.delivery_retry(owner=request.user, pk=pk)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("Se volverá a intentar el envío en unos instantes."))
    return redirect("dashboards:subscriptions")
