"""One Celery queue per kind of work, so a slow mailbox or a big report never delays a
breach alert (issue 19). Queue names are `<PQRDESK_QUEUE_PREFIX>-<kind>`; the default
queue (health checks, anything unmatched) is the prefix itself. A worker started
without `-Q` consumes every queue (`make run`); docker-compose.yml runs one worker per
group (README, "Scaling").

Tasks are routed by name pattern, first match wins, so a task added later to one of
these modules (a new report, a webhook retry) lands in its kind's queue on its own.
"""

from fnmatch import fnmatchcase

from django.conf import settings

# (kind, task-name patterns). Order matters: a report task in sla/ or dashboards/ goes
# to "reports", not to "alerts" or "rollups".
ROUTES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("reports", ("*.tasks.*report*", "*.tasks.*export*")),
    ("alerts", ("sla.tasks.*", "*.tasks.*alert*", "*.tasks.*digest*", "*.tasks.*sweep*")),
    ("mailbox", ("mailboxes.tasks.*",)),
    ("webhooks", ("api.tasks.*", "*.tasks.*webhook*")),
    ("emails", ("pqr.tasks.*", "surveys.tasks.*", "*.tasks.*email*")),
    ("rollups", ("dashboards.tasks.*", "*.tasks.*rollup*", "*.tasks.*daily_stats*")),
)
KINDS = tuple(kind for kind, _ in ROUTES)
# Queue groups of docker-compose.yml: one worker service each. Rollups and reports
# share a worker (both are long reads); alerts also take the default queue.
GROUPS = {
    "alerts": ("default", "alerts"),
    "emails": ("emails",),
    "mailbox": ("mailbox",),
    "webhooks": ("webhooks",),
    "reports": ("rollups", "reports"),
}


def queue_for(kind: str, prefix: str) -> str:
    return prefix if kind == "default" else f"{prefix}-{kind}"


def kind_for_task(name: str) -> str:
    for kind, patterns in ROUTES:
        if any(fnmatchcase(name, pattern) for pattern in patterns):
            return kind
    return "default"


def route_task(name, args, kwargs, options, task=None, **kw):
    """CELERY_TASK_ROUTES entry (read at publish time, so the prefix of the running
    settings applies: tests have their own)."""
    return {"queue": queue_for(kind_for_task(name), settings.PQRDESK_QUEUE_PREFIX)}


def queue_names(prefix: str | None = None) -> list[str]:
    prefix = prefix or settings.PQRDESK_QUEUE_PREFIX
    return [queue_for(kind, prefix) for kind in ("default", *KINDS)]


def celery_queue_settings(prefix: str) -> dict:
    """The settings a settings module sets after choosing its prefix."""
    return {
        "PQRDESK_QUEUE_PREFIX": prefix,
        "CELERY_TASK_DEFAULT_QUEUE": prefix,
        # Declared queues: a worker without -Q consumes all of them.
        "CELERY_TASK_QUEUES": {name: {"routing_key": name} for name in queue_names(prefix)},
        "CELERY_TASK_ROUTES": ("config.queues.route_task",),
    }
