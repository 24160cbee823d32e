from django.shortcuts import render
from django.views.decorators.http import require_GET

from .home import home_panels
from .roles import highest_role


@require_GET
def home(request):
    """One landing page, shaped by the visitor's role."""
    role = highest_role(request.user)
    panels = home_panels(request) if role else []
    return render(request, "core/home.html", {"role": role, "panels": panels})


def forbidden(request, exception=None):
    return render(request, "403.html", status=403)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
