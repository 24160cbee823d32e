"""Every page outside the short public list requires login, for GET and for POST.

Walks the URL configuration, so a staff view added later without a role check fails
here instead of being reachable by anyone."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

STAFF_NAMESPACES = {"customers", "pqr", "sla", "surveys", "dashboards"}
PUBLIC = {
    "pqr:public_create",
    "pqr:public_success",
    "pqr:public_lookup",
    "pqr:public_status",
    "pqr:public_lookup_exit",
    "pqr:public_reply",
    "pqr:public_attachment",
    "pqr:public_letter",
    "pqr:public_notices",
    "surveys:public_general",
    "surveys:general_thanks",
    "surveys:score",
    "surveys:public_survey",
}
SAMPLE_ARGS = {"int": 1, "str": "x", "slug": "resolve", "path": "x"}


def _staff_urls():
    for namespace, (_prefix, resolver) in get_resolver().namespace_dict.items():
        if namespace not in STAFF_NAMESPACES:
            continue
        yield from _walk(resolver, namespace)


def _walk(resolver: URLResolver, namespace: str):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}"
            if name in PUBLIC:
                continue
            converters = re.findall(r"<(?:(\w+):)?(\w+)>", str(entry.pattern))
            kwargs = {arg: SAMPLE_ARGS[conv or "str"] for conv, arg in converters}
            yield name, reverse(name, kwargs=kwargs)


STAFF_URLS = sorted(_staff_urls())


def test_the_walk_finds_the_staff_pages():
    names = {name for name, _url in STAFF_URLS}
    assert {"pqr:queue", "customers:search", "sla:calendar", "dashboards:sla"} <= names


@pytest.mark.parametrize(("name", "url"), STAFF_URLS, ids=[n for n, _u in STAFF_URLS])
def test_anonymous_visitor_is_sent_to_login(client, name, url):
    statuses = []
    for method in (client.get, client.post):
        response = method(url)
        statuses.append(response.status_code)
        assert response.status_code in (302, 405), (name, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("login")), name
    assert 302 in statuses, name  # at least one method reached the login check
