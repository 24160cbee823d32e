"""SQL pieces the dashboards share: PostgreSQL percentiles and safe ratios."""

from django.db.models import Aggregate, FloatField
from django.db.models.functions import Cast


class Percentile(Aggregate):
    """`percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)`: the continuous
    percentile (interpolated, as a spreadsheet's PERCENTILE.INC), NULLs ignored."""

    function = "PERCENTILE_CONT"
    name = "Percentile"
    output_field = FloatField()
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression, fraction: float, **extra):
        if not 0 <= fraction <= 1:
            raise ValueError("fraction must be between 0 and 1")
        super().__init__(Cast(expression, FloatField()), fraction=float(fraction), **extra)


def percent(part: int | None, whole: int | None) -> float | None:
    """Share in percent, None when there is nothing to divide by."""
    if not whole:
        return None
    return 100.0 * (part or 0) / whole
