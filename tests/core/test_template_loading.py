"""Templates are parsed once per process in every settings module (issue 18: the
queue spent most of its time in template work)."""

import importlib

import pytest
from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader


def test_the_running_engine_caches_parsed_templates():
    loaders = engines["django"].engine.template_loaders
    assert [type(loader) for loader in loaders] == [CachedLoader]
    first = loaders[0].get_template("pqr/queue.html")
    assert loaders[0].get_template("pqr/queue.html") is first


@pytest.mark.parametrize("module", ["local", "production", "test"])
def test_every_settings_module_keeps_the_cached_loader(module, monkeypatch):
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 50)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "pqr.example.co")
    settings = importlib.import_module(f"config.settings.{module}")
    (engine,) = settings.TEMPLATES
    (loader, _inner) = engine["OPTIONS"]["loaders"][0]
    assert loader == "django.template.loaders.cached.Loader"
    assert not engine.get("APP_DIRS")
