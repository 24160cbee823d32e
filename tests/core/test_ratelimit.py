"""The per-IP limit of public forms cannot be dodged by sending a fresh X-Forwarded-For."""

from django.test import RequestFactory

from core.ratelimit import client_ip, rate_limit_exceeded


def _request(forwarded: str = "", remote: str = "203.0.113.7"):
    meta = {"REMOTE_ADDR": remote}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", **meta)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request("1.2.3.4")) == "203.0.113.7"


def test_behind_one_proxy_the_address_it_saw_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client forged "1.2.3.4"; our proxy appended the real peer address.
    assert client_ip(_request("1.2.3.4, 198.51.100.9", remote="10.0.0.2")) == "198.51.100.9"


def test_forged_headers_do_not_reset_the_count(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.PUBLIC_FORM_RATE_LIMIT = 3
    results = [
        rate_limit_exceeded(_request(forwarded=f"10.9.9.{n}"), "test-scope") for n in range(5)
    ]
    assert results == [False, False, False, True, True]
