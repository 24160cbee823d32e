"""Read a dashboard or report page the way a supervisor does: every figure that is a
link to the queue (cards, table cells, chart bars), with the number it shows."""

import json
import re
from html.parser import HTMLParser

from .test_home import _result_count

QUEUE_PREFIX = "/pqr/?"
NUMBER = re.compile(r"^\d+$")


class _Figures(HTMLParser):
    """Anchors to the queue: the figure is the text of the element marked
    `data-metric` inside (a card) or the anchor's own text (a cell)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []  # (href, metric, text)
        self.scripts: dict[str, str] = {}
        self._anchor = None  # [href, metric, own text, metric text, depth-in-metric]
        self._metric_depth = 0
        self._script = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("type") == "application/json":
            self._script = [attrs.get("id"), ""]
        if tag == "a" and (attrs.get("href") or "").startswith(QUEUE_PREFIX):
            self._anchor = {
                "href": attrs["href"],
                "metric": attrs.get("data-metric", ""),
                "text": "",
                "metric_text": None,
            }
            self._metric_depth = 0
        elif self._anchor is not None:
            if "data-metric" in attrs and self._anchor["metric_text"] is None:
                self._anchor["metric"] = attrs["data-metric"]
                self._anchor["metric_text"] = ""
                self._metric_depth = 1
            elif self._metric_depth:
                self._metric_depth += 1

    def handle_endtag(self, tag):
        if tag == "script" and self._script:
            self.scripts[self._script[0]] = self._script[1]
            self._script = None
        if self._anchor is None:
            return
        if tag == "a":
            a = self._anchor
            text = (a["metric_text"] if a["metric_text"] is not None else a["text"]).strip()
            self.found.append((a["href"], a["metric"], text))
            self._anchor = None
        elif self._metric_depth:
            self._metric_depth -= 1

    def handle_data(self, data):
        if self._script is not None:
            self._script[1] += data
        if self._anchor is None:
            return
        self._anchor["text"] += data
        if self._metric_depth:
            self._anchor["metric_text"] += data


def linked_figures(body: str) -> list[tuple[str, str, int]]:
    """(href, metric, figure) of every numeric queue link on the page."""
    parser = _Figures()
    parser.feed(body)
    return [(h, m, int(t)) for h, m, t in parser.found if NUMBER.match(t)]


def chart_figures(body: str) -> list[tuple[str, str, int]]:
    """(href, chart id and label, figure) of every chart bar or slice with a link: the
    figure is the sum of the bar's series (a stacked bar counts all of them)."""
    parser = _Figures()
    parser.feed(body)
    found = []
    for script_id, text in parser.scripts.items():
        spec = json.loads(text)
        options = spec.get("options") or {}
        links = options.get("links") or []
        if options.get("percent") or options.get("measure"):
            continue  # rates and averages: not counts (their links are tested apart)
        for n, series_links in enumerate(options.get("series_links") or []):
            for index, href in enumerate(series_links):
                label = f"{script_id}:{spec['series'][n]['label']}:{spec['labels'][index]}"
                found.append((href, label, int(spec["series"][n]["values"][index] or 0)))
        for index, href in enumerate(links):
            lines = spec["options"].get("line_series") or []
            value = sum(
                s["values"][index] or 0 for i, s in enumerate(spec["series"]) if i not in lines
            )
            found.append((href, f"{script_id}:{spec['labels'][index]}", int(value)))
    return found


def assert_links_match(client, figures) -> int:
    """Follow each link: the queue says it lists as many PQRs as the figure."""
    mismatches = []
    for href, metric, figure in figures:
        listed = _result_count(client.get(href).content.decode())
        if listed != figure:
            mismatches.append((metric, figure, listed, href))
    assert mismatches == []
    return len(figures)
