"""Link scanners: mail gateways and safe-link services open every link of an email
(Outlook Safe Links, antivirus gateways, chat previews). A survey link therefore
records nothing on GET, and a POST from a client that names itself as one of these
never counts. The list is a setting (`SURVEY_SCANNER_USER_AGENTS`), matched as
case-insensitive substrings of the User-Agent header."""

from django.conf import settings

DEFAULT_SCANNER_USER_AGENTS = (
    "bingpreview",
    "safelinks",
    "safe links",
    "microsoft office",
    "ms-office",
    "barracuda",
    "mimecast",
    "proofpoint",
    "urldefense",
    "symantec",
    "messagelabs",
    "trend micro",
    "trendmicro",
    "sophos",
    "fireeye",
    "forcepoint",
    "zscaler",
    "ironport",
    "cisco",
    "python-requests",
    "python-urllib",
    "go-http-client",
    "curl/",
    "wget/",
    "facebookexternalhit",
    "slackbot",
    "whatsapp",
    "telegrambot",
    "googlebot",
    "bot/",
    "crawler",
    "spider",
)


def is_link_scanner(request) -> bool:
    agent = (request.META.get("HTTP_USER_AGENT") or "").lower()
    if not agent:
        return True  # browsers always send one; bare clients do not
    patterns = getattr(settings, "SURVEY_SCANNER_USER_AGENTS", DEFAULT_SCANNER_USER_AGENTS)
    return any(pattern in agent for pattern in patterns)
