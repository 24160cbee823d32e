from django import template
from django.utils import timezone

from sla.badges import due_state
from sla.inbox import unread_count
from sla.selectors import calendar_get

register = template.Library()


@register.simple_tag(takes_context=True)
def sla_time_left(context, due_at):
    """{'overdue': bool, 'days': int, 'hours': float} in business time, or None."""
    if due_at is None:
        return None
    # One calendar lookup per page render, not one per row of the queue.
    cal = context.dicts[0].get("_sla_calendar")
    if cal is None:
        cal = context.dicts[0]["_sla_calendar"] = calendar_get()
    now = timezone.now()
    if due_at <= now:
        return {"overdue": True, "days": 0, "hours": 0}
    days = cal.business_days_between(
        timezone.localtime(now).date(), timezone.localtime(due_at).date()
    )
    hours = round(cal.business_hours_between(now, due_at), 1)
    return {"overdue": False, "days": days, "hours": hours}


@register.simple_tag(takes_context=True)
def sla_due_state(context, pqr):
    """The due badge's state (sla.badges.due_state): "En pausa" with the customer's
    deadline for a suspended term, else overdue / today / N business days."""
    # A page that already holds the calendar passes it (the PQR page: no query).
    cal = context.get("sla_calendar") or context.dicts[0].get("_sla_calendar")
    if cal is None:
        cal = context.dicts[0]["_sla_calendar"] = calendar_get()
    return due_state(pqr, now=timezone.now(), cal=cal)


@register.simple_tag
def sla_unread_count(user):
    if not getattr(user, "is_authenticated", False):
        return 0
    # A page that read it with its other viewer queries (pqr.selectors_queue).
    primed = getattr(user, "_sla_unread_count", None)
    if primed is not None:
        return primed
    return unread_count(user=user)
