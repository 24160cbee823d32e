"""Demo rollups: the dashboards' daily figures for the whole demo history, so the first
visit shows 18 months at once."""

from .rollups import HISTORY_DAYS, rollups_refresh


def seed(stdout) -> list[str]:
    written = rollups_refresh(days_back=HISTORY_DAYS)
    return [f"  Tableros: {written['daily']} filas diarias calculadas."]
