"""Chart descriptions for `templates/dashboards/_chart.html` and `static/js/dashboards.js`.

A chart is a plain dict so that the template can draw the accessible table and
`json_script` can hand the very same numbers to Chart.js.
"""

from collections.abc import Iterable, Sequence
from decimal import Decimal

KINDS = ("bar", "line", "doughnut")


def _number(value):
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    return value


def chart(
    chart_id: str,
    kind: str,
    labels: Iterable,
    series: Sequence[tuple[str, Iterable]],
    caption: str,
    **options,
) -> dict:
    """`series` is a list of (label, values), one value per label.

    Options the script understands: `stacked`, `horizontal`, `percent` (axis 0 to 100),
    `unit` (suffix shown in tooltips and the table), `links` / `series_links` (the queue
    each label / each bar opens), `measure="average"` (values are not counts)."""
    if kind not in KINDS:
        raise ValueError(f"unknown chart kind {kind!r}")
    labels = [str(label) for label in labels]
    datasets = [
        {"label": str(name), "values": [_number(v) for v in values]} for name, values in series
    ]
    for dataset in datasets:
        if len(dataset["values"]) != len(labels):
            raise ValueError(f"series {dataset['label']!r} does not match the labels")
    # `links`: one queue URL per label, opened by a click on the bar/slice or the table.
    links = options.get("links") or [None] * len(labels)
    # `series_links`: one list per series, when each bar of a label counts other PQRs.
    cells = options.get("series_links") or [[None] * len(labels) for _d in datasets]
    rows = [
        (label, [(d["values"][i], cells[n][i]) for n, d in enumerate(datasets)], links[i])
        for i, label in enumerate(labels)
    ]
    has_data = any(v for d in datasets for v in d["values"])
    return {
        "id": chart_id,
        "data_id": f"{chart_id}-data",
        "kind": kind,
        "caption": str(caption),
        "labels": labels,
        "series": datasets,
        "rows": rows,
        "has_data": has_data,
        "options": options,
        "data": {"kind": kind, "labels": labels, "series": datasets, "options": options},
    }
