"""The project's URLs plus one view that fails, to see the real 500 page."""

from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def fails(request):
    raise RuntimeError("a failure on our side, on purpose")


urlpatterns = [path("falla-a-proposito/", fails), *project_urlpatterns]
