from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.mixins import role_required
from core.roles import Role, has_role
from pqr.models import Channel, Priority
from sla import editing, page_data
from sla.forms import (
    DueDateCheckForm,
    LegalTermForm,
    NonWorkingDayForm,
    NotificationFilterForm,
    OrganizationForm,
    SlaPolicyForm,
)
from sla.inbox import failing_alert_emails, notifications_for, preference_row_of
from sla.inbox import notifications_mark_read as notifications_mark_read_for
from sla.models import LegalTerm, NonWorkingDay, SlaPolicy
from sla.preference_forms import AlertPreferencesForm
from sla.preferences import alert_preferences_get, alert_preferences_set, preferences_from
from sla.selectors import calendar_get, organization_get


@login_required
def notifications(request):
    form = NotificationFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    page = Paginator(notifications_for(user=request.user, filters=filters), 25).get_page(
        request.GET.get("page")
    )
    # The person's alert preferences ride on the rows (select_related); an empty page
    # reads them on their own.
    page.object_list = rows = list(page.object_list)
    prefs = preferences_from(user=request.user, row=preference_row_of(rows, request.user))
    context = {"page": page, "filter_form": form, "filters": filters, "prefs": prefs}
    context["failing"] = failing_alert_emails(user=request.user, kinds=prefs.email_kinds)
    return render(request, "sla/notifications.html", context)


@role_required(Role.AGENT)
def alert_preferences(request):
    """Every staff member's page: the daily digest (on or off, its hour) and the kinds
    of alert emailed one by one."""
    prefs = alert_preferences_get(user=request.user)
    status = 200
    if request.method == "POST":
        form = AlertPreferencesForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            hour = data["digest_hour"]
            alert_preferences_set(
                user=request.user,
                daily_digest=data["daily_digest"],
                digest_hour=prefs.digest_hour if hour is None else hour,
                email_kinds=data["email_kinds"],
            )
            messages.success(request, _("Guardamos sus preferencias de avisos."))
            return redirect("sla:alert_preferences")
        status = 400
    else:
        form = AlertPreferencesForm(
            user=request.user,
            initial={
                "daily_digest": "1" if prefs.daily_digest else "0",
                "digest_hour": str(prefs.digest_hour),
                "email_kinds": sorted(prefs.email_kinds),
            },
        )
    context = {"form": form, "prefs": prefs}
    return render(request, "sla/alert_preferences.html", context, status=status)


@login_required
@require_POST
def notifications_mark_read(request):
    """One notification (`id`) or every unread one the posted filters show; always
    only the user's own."""
    form = NotificationFilterForm(request.POST, user=request.user)
    filters = form.filters()
    notification_id = request.POST.get("id", "")
    if notification_id and not notification_id.isdigit():
        return redirect("sla:notifications")
    marked = notifications_mark_read_for(
        user=request.user,
        filters=filters,
        notification_id=int(notification_id) if notification_id else None,
    )
    if not notification_id:
        messages.success(
            request,
            ngettext(
                "Marcamos %(count)d notificación como leída.",
                "Marcamos %(count)d notificaciones como leídas.",
                marked,
            )
            % {"count": marked},
        )
    query = filters.querystring()
    return redirect(reverse("sla:notifications") + (f"?{query}" if query else ""))


# --- calendar ------------------------------------------------------------------

MIN_YEAR, MAX_YEAR = 1990, 2100


def _year(request) -> int:
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or 0)
    except ValueError:
        year = 0
    return year if MIN_YEAR <= year <= MAX_YEAR else timezone.localdate().year


def _calendar_page(request, *, year: int, add_form: NonWorkingDayForm, status: int = 200):
    cal = calendar_get()
    extra = list(NonWorkingDay.objects.filter(day__year=year).select_related("created_by"))
    check_form = DueDateCheckForm(request.GET if "pqr_type" in request.GET else None)
    answer = None
    if check_form.is_bound and check_form.is_valid():
        term = LegalTerm.objects.get(pqr_type=check_form.cleaned_data["pqr_type"])
        received_at = check_form.received_at(cal.config.tz)
        answer = page_data.due_date_check(cal=cal, term=term, received_at=received_at)
    context = {
        "year": year,
        # Built only when the cached grid fragment is missing (templates call callables).
        "months": partial(page_data.year_grid, cal=cal, year=year, extra=extra),
        "grid_key": page_data.grid_cache_key(cal=cal, year=year, extra=extra),
        "holidays": sorted(page_data.holiday_names(cal=cal, year=year).items()),
        "extra": extra,
        "add_form": add_form,
        "check_form": check_form,
        "answer": answer,
        "can_edit": has_role(request.user, Role.ADMIN),
    }
    return render(request, "sla/calendar.html", context, status=status)


@role_required(Role.SUPERVISOR)
def calendar(request):
    """Supervisors read the calendar; only administrators add non-working days (POST)."""
    if request.method != "POST":
        return _calendar_page(request, year=_year(request), add_form=NonWorkingDayForm())
    if not has_role(request.user, Role.ADMIN):
        raise PermissionDenied
    form = NonWorkingDayForm(request.POST)
    if not form.is_valid():
        return _calendar_page(request, year=_year(request), add_form=form)
    extra = editing.non_working_day_add(actor=request.user, **form.cleaned_data)
    messages.success(
        request, _("El %(day)s quedó como día no hábil.") % {"day": extra.day.isoformat()}
    )
    return redirect(f"{reverse('sla:calendar')}?year={extra.day.year}")


@role_required(Role.ADMIN)
@require_POST
def calendar_day_remove(request, pk):
    if request.POST.get("confirm") != "yes":
        extra = get_object_or_404(NonWorkingDay, pk=pk)
        return render(request, "sla/calendar_remove_confirm.html", {"extra": extra})
    if editing.non_working_day_remove(day_id=pk, actor=request.user):
        messages.success(request, _("El día volvió a ser hábil."))
    return redirect(f"{reverse('sla:calendar')}?year={_year(request)}")


# --- SLA policies ------------------------------------------------------------------


def _hours_per_day() -> float:
    org = organization_get()
    start = org.office_start.hour + org.office_start.minute / 60
    return org.office_end.hour + org.office_end.minute / 60 - start


@role_required(Role.SUPERVISOR)
def policies(request):
    rows = list(SlaPolicy.objects.select_related("pqr_type", "team"))
    priorities, channels = dict(Priority.choices), dict(Channel.choices)
    for policy in rows:
        policy.priority_label = priorities.get(policy.priority, policy.priority)
        policy.channel_label = channels.get(policy.channel, policy.channel)
        policy.first_response_label = page_data.target_label(
            policy.first_response_value, policy.first_response_unit
        )
        policy.resolution_label = page_data.target_label(
            policy.resolution_value, policy.resolution_unit
        )
    context = {"policies": rows, "can_edit": has_role(request.user, Role.ADMIN)}
    return render(request, "sla/policies.html", context)


@role_required(Role.ADMIN)
def policy_edit(request, pk=None):
    policy = get_object_or_404(SlaPolicy, pk=pk) if pk else None
    form = SlaPolicyForm(request.POST or None, instance=policy, hours_per_day=_hours_per_day())
    if request.method == "POST" and form.is_valid():
        saved = editing.policy_save(form=form, actor=request.user)
        messages.success(
            request,
            _("Regla «%(name)s» guardada; los vencimientos se recalculan.") % {"name": saved.name},
        )
        return redirect("sla:policies")
    return render(request, "sla/policy_form.html", {"form": form, "policy": policy})


@role_required(Role.ADMIN)
@require_POST
def policy_move(request, pk):
    editing.policy_move(policy_id=pk, up=request.POST.get("direction") == "up")
    return redirect("sla:policies")


@role_required(Role.ADMIN)
@require_POST
def policy_toggle(request, pk):
    active = request.POST.get("active") == "1"
    editing.policy_set_active(policy_id=pk, active=active, actor=request.user)
    if active:
        messages.success(request, _("La regla volvió a aplicarse."))
    else:
        messages.success(request, _("La regla quedó inactiva y ya no se aplica."))
    return redirect("sla:policies")


# --- legal terms ------------------------------------------------------------------


@role_required(Role.SUPERVISOR)
def legal_terms(request):
    context = {
        "terms": page_data.legal_terms_list(),
        "history": page_data.legal_term_history(),
        "can_edit": has_role(request.user, Role.ADMIN),
    }
    return render(request, "sla/legal_terms.html", context)


@role_required(Role.ADMIN)
def legal_term_edit(request, pk):
    term = get_object_or_404(LegalTerm.objects.select_related("pqr_type"), pk=pk)
    form = LegalTermForm(request.POST or None, instance=term)
    if request.method == "POST" and form.is_valid():
        editing.legal_term_update(form=form, actor=request.user)
        messages.success(request, _("Término de «%(type)s» actualizado.") % {"type": term.pqr_type})
        return redirect("sla:legal_terms")
    context = {"form": form, "term": term, "history": page_data.legal_term_history(term_id=pk)}
    return render(request, "sla/legal_term_form.html", context)


# --- organisation -----------------------------------------------------------------


@role_required(Role.ADMIN)
def organization_settings(request):
    form = OrganizationForm(
        request.POST or None, request.FILES or None, instance=organization_get()
    )
    if request.method == "POST" and form.is_valid():
        editing.organization_update(form=form, actor=request.user)
        messages.success(request, _("Configuración guardada."))
        return redirect("sla:organization")
    return render(request, "sla/organization.html", {"form": form})
