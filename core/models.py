"""Rows of the core app: the tasks a request left for the outbox relay."""

from django.db import models


class PendingTask(models.Model):
    """A Celery task written by a request instead of published (issue 18): the outbox
    relay (`manage.py outbox_relay`, beat as a fallback) publishes it and deletes the
    row. Only for work whose own row does not already say it is due (the customer
    emails do: their outbox row is relayed directly)."""

    path = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    options = models.JSONField(default=dict)
    # The request that queued it (core.request_id): the task's log lines carry it.
    request_id = models.CharField(max_length=64, blank=True, default="", db_default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.path}{tuple(self.args)}"
