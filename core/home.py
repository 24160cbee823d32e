"""What other apps add to the staff home page (call down, register up): each provider
registered from an AppConfig.ready() gets the request and returns the template and
context of its panel, or None when it has nothing for that user."""

from collections.abc import Callable

HomePanel = tuple[str, dict]
_providers: list[Callable[..., HomePanel | None]] = []


def register_home_panel(provider: Callable[..., HomePanel | None]) -> None:
    if provider not in _providers:
        _providers.append(provider)


def home_panels(request) -> list[HomePanel]:
    return [panel for provider in _providers if (panel := provider(request)) is not None]
