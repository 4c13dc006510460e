"""Charts of the dashboards, built on the server with plotly.

Each function returns an HTML fragment: a placeholder and the complete figure (data, layout,
config) serialised by plotly.io.to_json, as a JSON data block. plotly.io.to_html would
put an inline <script> on the page, which the platform's Content-Security-Policy forbids
outside the admin (no page may run inline script); instead analytics/static/analytics/
charts.js, served by the platform like plotly.js itself (finders.py), draws every figure
with Plotly.newPlot. The figure is the same as to_html's.

Charts show units only (coverage against the 100% target line), never learner counts, so
nothing a table withholds can be read off a bar; the page puts the table with the same
figures beside every chart.
"""

from __future__ import annotations

import json

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

INK = "#1f2933"
MUTED = "#52606d"
GRID = "#d9e2ec"
BAR = "#2f6fae"
DONE = "#1e7b46"
TARGET = "#b42318"
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif'

# No mode bar (its tooltips are in English, and the exports do its job); resize with the page.
CONFIG = {"displayModeBar": False, "responsive": True, "scrollZoom": False}


def _layout(**extra) -> dict:
    layout = {
        "template": "none",
        "font": {"family": FONT, "size": 13, "color": INK},
        "separators": ",.",  # Vietnamese: 45,3 and 1.234
        "margin": {"l": 8, "r": 16, "t": 8, "b": 40},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "showlegend": False,
        "autosize": True,
        "hoverlabel": {"font": {"family": FONT}},
    }
    layout.update(extra)
    return layout


# Characters that must not appear raw inside a <script> block (as django's json_script).
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _html(figure, *, div_id: str, height: int) -> SafeString:
    import plotly.io as pio

    spec = json.loads(pio.to_json(figure, validate=False))
    spec["config"] = CONFIG
    payload = json.dumps(spec, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)
    return format_html(
        '<div id="{}" class="plotly-chart" style="height:{}px" data-figure="{}-figure"></div>'
        '<script type="application/json" id="{}-figure">{}</script>',
        div_id,
        height,
        div_id,
        div_id,
        mark_safe(payload),  # noqa: S308  (JSON with <, > and & escaped, as json_script does)
    )


def _target_line(axis: str) -> tuple[dict, dict]:
    """The 100% target: a dashed line and its label."""
    if axis == "x":
        shape = {"type": "line", "xref": "x", "yref": "paper", "x0": 100, "x1": 100}
        shape |= {"y0": 0, "y1": 1}
        note = {"xref": "x", "yref": "paper", "x": 100, "y": 1, "yanchor": "bottom"}
        note |= {"xanchor": "right"}
    else:
        shape = {"type": "line", "xref": "paper", "yref": "y", "x0": 0, "x1": 1}
        shape |= {"y0": 100, "y1": 100}
        note = {"xref": "paper", "yref": "y", "x": 0, "y": 100, "yanchor": "bottom"}
        note |= {"xanchor": "left"}
    shape["line"] = {"color": TARGET, "width": 2, "dash": "dash"}
    note |= {"text": gettext("Target 100%"), "showarrow": False}
    note["font"] = {"color": TARGET, "size": 12}
    return shape, note


def short_month(label: str) -> str:
    """ "09/2025" -> "9/25" """
    return label.lstrip("0").replace("/20", "/", 1)


def short_place_name(name: str) -> str:
    return name.replace("Thành phố ", "TP ")


def coverage_bars(
    *,
    labels: list[str],
    covered: list[int],
    units: list[int],
    div_id: str,
) -> SafeString:
    """Horizontal bars of coverage (%) per group against the 100% line, first row on top."""
    import plotly.graph_objects as go

    values = [100 * c / u if u else 0 for c, u in zip(covered, units, strict=True)]
    texts = [
        f"{value:.1f}%".replace(".", ",") if u else gettext("no units")
        for value, u in zip(values, units, strict=True)
    ]
    hover = gettext("%(name)s: %(pct)s of units (%(covered)s of %(units)s)")
    figure = go.Figure(
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            marker={"color": [DONE if v >= 100 else BAR for v in values]},
            text=texts,
            textposition="outside",
            cliponaxis=False,
            customdata=list(zip(covered, units, strict=True)),
            hovertemplate=hover
            % {
                "name": "%{y}",
                "pct": "%{x:.1f}%",
                "covered": "%{customdata[0]:,}",
                "units": "%{customdata[1]:,}",
            }
            + "<extra></extra>",
        )
    )
    shape, note = _target_line("x")
    figure.update_layout(
        _layout(
            shapes=[shape],
            annotations=[note],
            margin={"l": 8, "r": 40, "t": 28, "b": 36},
            bargap=0.25,
        )
    )
    figure.update_xaxes(
        range=[0, 112],
        ticksuffix="%",
        tickvals=[0, 25, 50, 75, 100],
        gridcolor=GRID,
        zeroline=False,
        fixedrange=True,
    )
    figure.update_yaxes(autorange="reversed", automargin=True, fixedrange=True)
    height = max(140, 30 * len(labels) + 70)
    return _html(figure, div_id=div_id, height=height)


def coverage_trend(*, months: list[str], coverages: list[float | None], div_id: str) -> SafeString:
    """Cumulative coverage (%) month by month against the 100% line."""
    import plotly.graph_objects as go

    values = [None if c is None else 100 * c for c in coverages]
    # Short tick labels ("9/25") fit twelve months on a phone; the hover says the full month.
    ticks = [short_month(month) for month in months]
    figure = go.Figure(
        go.Scatter(
            x=ticks,
            y=values,
            customdata=months,
            mode="lines+markers",
            line={"color": BAR, "width": 3},
            marker={"size": 7},
            hovertemplate=gettext("%(month)s: %(pct)s of units covered")
            % {"month": "%{customdata}", "pct": "%{y:.1f}%"}
            + "<extra></extra>",
        )
    )
    shape, note = _target_line("y")
    figure.update_layout(_layout(shapes=[shape], annotations=[note]))
    figure.update_yaxes(
        range=[0, 110],
        ticksuffix="%",
        tickvals=[0, 25, 50, 75, 100],
        gridcolor=GRID,
        zeroline=False,
        fixedrange=True,
        automargin=True,
    )
    figure.update_xaxes(type="category", fixedrange=True, automargin=True)
    return _html(figure, div_id=div_id, height=280)


def province_heatmap(
    *, provinces: list[str], months: list[str], coverages: list[list[float | None]], div_id: str
) -> SafeString:
    """Coverage (%) per province (rows) and month (columns): the trend of every province at
    a glance, readable on a phone where 34 lines would not be."""
    import plotly.graph_objects as go

    z = [[None if c is None else round(100 * c, 1) for c in row] for row in coverages]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=[short_month(month) for month in months],
            y=provinces,
            zmin=0,
            zmax=100,
            colorscale=[[0, "#fde8e6"], [0.5, "#f4a53c"], [0.99, "#8fd1a8"], [1, DONE]],
            xgap=1,
            ygap=1,
            colorbar={"ticksuffix": "%", "thickness": 10, "len": 0.6},
            hovertemplate=gettext("%(name)s, %(month)s: %(pct)s of units covered")
            % {"name": "%{y}", "month": "%{x}", "pct": "%{z:.1f}%"}
            + "<extra></extra>",
        )
    )
    figure.update_layout(_layout(margin={"l": 8, "r": 8, "t": 8, "b": 40}))
    figure.update_yaxes(autorange="reversed", automargin=True, fixedrange=True)
    figure.update_xaxes(type="category", automargin=True, fixedrange=True)
    return _html(figure, div_id=div_id, height=max(200, 20 * len(provinces) + 60))
