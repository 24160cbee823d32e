from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.mixins import role_required
from core.roles import Role
from pqr.models import Pqr
from sla.models import NonWorkingDay, Notification, SlaPolicy
from sla.selectors import calendar_get
from sla.services import calendar_changed, pqr_extension_grant


@login_required
def notifications(request):
    qs = Notification.objects.filter(user=request.user).select_related("alert__pqr")
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "sla/notifications.html", {"page": page})


@login_required
@require_POST
def notifications_mark_read(request):
    qs = Notification.objects.filter(user=request.user, read_at__isnull=True)
    if request.POST.get("id"):
        qs = qs.filter(pk=request.POST["id"])
    qs.update(read_at=timezone.now())
    return redirect("sla:notifications")


@role_required(Role.AGENT)
@require_POST
def extension(request, pk):
    pqr = get_object_or_404(Pqr, pk=pk)
    try:
        pqr_extension_grant(pqr=pqr, actor=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, _("Prórroga concedida; se avisó al cliente."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("pqr:detail", pk=pqr.pk)


@role_required(Role.ADMIN)
def calendar(request):
    year = int(request.GET.get("year") or timezone.localdate().year)
    if request.method == "POST":
        if request.POST.get("remove"):
            NonWorkingDay.objects.filter(pk=request.POST["remove"]).delete()
        elif request.POST.get("day"):
            NonWorkingDay.objects.get_or_create(
                day=request.POST["day"],
                defaults={
                    "reason": request.POST.get("reason", "")[:150],
                    "created_by": request.user,
                },
            )
        calendar_changed()
        return redirect(f"{request.path}?year={year}")
    cal = calendar_get()
    context = {
        "year": year,
        "holidays": sorted(cal.holidays_for(year).items()),
        "extra": NonWorkingDay.objects.filter(day__year=year),
    }
    return render(request, "sla/calendar.html", context)


@role_required(Role.ADMIN)
def policies(request):
    qs = SlaPolicy.objects.select_related("pqr_type", "team")
    return render(request, "sla/policies.html", {"policies": qs})
