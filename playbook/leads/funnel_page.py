"""The site's Funnel page: the funnel of the export named by `funnel_export`, as Markdown with SVG charts.

Pure: the export is read before rendering (`funnel_read.site_funnel`) and comes in as data."""

from __future__ import annotations

from collections.abc import Mapping

from playbook.labels import who
from playbook.leads.campaign_money import money_text, roi_text
from playbook.leads.funnel import Funnel
from playbook.leads.funnel_read import SiteFunnel
from playbook.leads.svg_charts import Bar, bar_chart
from playbook.model import Playbook
from playbook.text.escape import escape_text


def _text(value: object) -> str:
    """Untrusted text (lead ids, owners, campaigns) made inert in Markdown and HTML: the one escaper."""
    return escape_text(str(value))


def _word(labels: Mapping[str, str], key: str, **values: object) -> str:
    return labels[key].format(**values)


def funnel_markdown(site: SiteFunnel | None, playbook: Playbook, labels: Mapping[str, str]) -> str | None:
    """The Funnel page from the export read beforehand (`funnel_read.site_funnel`); None without one."""
    if site is None:
        return None
    title = f"# {_word(labels, 'funnel_title')}\n\n"
    if site.read is None:
        return title + _warning(site.export, _word(labels, "funnel_unreadable", problem=site.problem))
    funnel = site.read.funnel
    return title + _body(funnel, playbook, labels, site.export, site.read.skipped) + _money(funnel, labels)


def _money(funnel: Funnel, labels: Mapping[str, str]) -> str:
    """Revenue against spend per campaign: a loss-making campaign is a red bar short of its spend mark."""
    rows = [b for b in funnel.by_campaign if b.money is not None]
    if not any(b.money.revenue is not None or b.money.spend is not None for b in rows if b.money is not None):
        return ""
    none = _word(labels, "funnel_none")
    out = [f"\n## {_word(labels, 'funnel_money')}\n\n", _text(_word(labels, "funnel_money_intro")), "\n\n"]
    bars = []
    for b in rows:
        m = b.money
        assert m is not None
        text = f"{money_text(m.revenue)} / {money_text(m.spend)} · ROI {roi_text(m)}"
        bars.append(
            Bar(
                b.value or none,
                float(m.revenue or 0),
                text,
                float(m.spend) if m.spend is not None else None,
                warn=m.loss,
            )
        )
    out.append(_chart(_word(labels, "funnel_money"), bars, mark_label=_word(labels, "funnel_spend_mark")))
    out.append(
        "\n\n"
        + _table(
            [
                _word(labels, key)
                for key in (
                    "funnel_col_campaign",
                    "funnel_col_leads",
                    "funnel_col_target_leads",
                    "funnel_col_won_deals",
                    "funnel_col_revenue",
                    "funnel_col_spend",
                    "funnel_col_per_lead",
                    "funnel_col_per_won",
                    "funnel_col_roi",
                )
            ],
            [
                [
                    b.value or none,
                    str(b.leads),
                    "-" if b.money.target is None else str(b.money.target),
                    str(b.won),
                    money_text(b.money.revenue),
                    money_text(b.money.spend),
                    money_text(b.money.cost_per_lead),
                    money_text(b.money.cost_per_won),
                    roi_text(b.money),
                ]
                for b in rows
                if b.money is not None
            ],
        )
    )
    return "".join(out) + "\n"


def _warning(title: str, message: str) -> str:
    return f'!!! warning "{_text(title)}"\n    {_text(message)}\n'


def _body(funnel: Funnel, playbook: Playbook, labels: Mapping[str, str], name: str, skipped: int) -> str:
    names = {s.id: s.name for s in playbook.lead_path.stages}
    out: list[str] = []
    as_of = funnel.as_of.strftime("%Y-%m-%d %H:%M")
    breaches = sum(s.breaches for s in funnel.stages)
    out.append(
        _text(
            _word(
                labels,
                "funnel_intro",
                export=name,
                as_of=as_of,
                leads=funnel.leads,
                events=funnel.events,
                breaches=breaches,
            )
        )
    )
    if skipped:
        out.append("\n\n" + _text(_word(labels, "funnel_skipped", count=skipped)))
    out.append(f"\n\n## {_word(labels, 'funnel_reached')}\n\n")
    out.append(
        _chart(_word(labels, "funnel_reached"), [Bar(names[s.id], s.reached, str(s.reached)) for s in funnel.stages])
    )
    out.append(f"\n\n## {_word(labels, 'funnel_kpis')}\n\n")
    kpi_bars = [
        Bar(k.label, (k.rate or 0.0) * 100, _percent(k.rate), (k.target or 0.0) * 100, warn=k.met is False)
        for k in funnel.kpis
    ]
    out.append(
        _chart(_word(labels, "funnel_kpis"), kpi_bars, scale_max=100.0, mark_label=_word(labels, "funnel_target_mark"))
    )
    if funnel.kpis:
        out.append(
            "\n\n"
            + _table(
                [
                    _word(labels, "funnel_col_kpi"),
                    _word(labels, "funnel_col_owner"),
                    _word(labels, "funnel_col_count"),
                    _word(labels, "funnel_col_rate"),
                    _word(labels, "funnel_col_target"),
                ],
                [
                    [
                        k.label,
                        who(k.owner, labels),
                        f"{k.converted} / {k.entered}",
                        _percent(k.rate),
                        _percent(k.target),
                    ]
                    for k in funnel.kpis
                ],
            )
        )
    out.append(f"\n\n## {_word(labels, 'funnel_steps')}\n\n")
    out.append(
        _table(
            [_word(labels, "funnel_col_step"), _word(labels, "funnel_col_count"), _word(labels, "funnel_col_rate")],
            [
                [f"{names[c.from_]} → {names[c.to]}", f"{c.converted} / {c.entered}", _percent(c.rate)]
                for c in funnel.steps
            ],
        )
    )
    timed = [s for s in funnel.stages if s.median_hours is not None]
    out.append(f"\n\n## {_word(labels, 'funnel_time')}\n\n")
    out.append(
        _chart(
            _word(labels, "funnel_time"),
            [
                Bar(
                    names[s.id],
                    s.median_hours or 0.0,
                    f"{s.median_hours:.1f} h",
                    s.sla_hours,
                    warn=s.sla_hours is not None and (s.median_hours or 0.0) > s.sla_hours,
                )
                for s in timed
            ],
            mark_label=_word(labels, "funnel_sla_mark"),
        )
    )
    out.append(
        "\n\n"
        + _table(
            [
                _word(labels, "funnel_col_stage"),
                _word(labels, "funnel_col_median"),
                _word(labels, "funnel_col_sla"),
                _word(labels, "funnel_col_late"),
                _word(labels, "funnel_col_hanging"),
            ],
            [
                [
                    s.name,
                    "-" if s.median_hours is None else f"{s.median_hours:.1f}",
                    "-" if s.sla_hours is None else f"{s.sla_hours:g}",
                    str(s.late),
                    str(s.hanging),
                ]
                for s in funnel.stages
                if not s.terminal
            ],
        )
    )
    out.append(f"\n\n## {_word(labels, 'funnel_hanging')} ({len(funnel.hanging)})\n\n")
    if funnel.hanging:
        out.append(
            _table(
                [
                    _word(labels, "funnel_col_lead"),
                    _word(labels, "funnel_col_stage"),
                    _word(labels, "funnel_col_since"),
                    _word(labels, "funnel_col_hours"),
                    _word(labels, "funnel_col_sla"),
                    _word(labels, "funnel_col_owner"),
                    _word(labels, "funnel_col_source"),
                ],
                [
                    [
                        h.lead,
                        names[h.stage],
                        h.since.strftime("%Y-%m-%d %H:%M"),
                        f"{h.hours:.1f}",
                        f"{h.sla_hours:g}",
                        who(h.owner, labels) or "-",
                        h.source or "-",
                    ]
                    for h in funnel.hanging
                ],
            )
        )
    else:
        out.append(_text(_word(labels, "funnel_no_hanging")))
    won = names.get(funnel.won_stage or "", "")
    for key, column, table in (
        ("funnel_by_source", "funnel_col_source", funnel.by_source),
        ("funnel_by_campaign", "funnel_col_campaign", funnel.by_campaign),
    ):
        out.append(f"\n\n## {_word(labels, key)}\n\n")
        none = _word(labels, "funnel_none")
        out.append(
            _chart(
                _word(labels, key),
                [
                    Bar(b.value or none, (b.rate or 0.0) * 100, f"{_percent(b.rate)} ({b.won} / {b.leads})")
                    for b in table
                ],
                scale_max=100.0,
            )
        )
        out.append(
            "\n\n"
            + _table(
                [
                    _word(labels, column),
                    _word(labels, "funnel_col_leads"),
                    _word(labels, "funnel_col_won", stage=won),
                    _word(labels, "funnel_col_rate"),
                ],
                [[b.value or none, str(b.leads), str(b.won), _percent(b.rate)] for b in table],
            )
        )
    return "".join(out) + "\n"


def _percent(rate: float | None) -> str:
    return "-" if rate is None else f"{rate * 100:.0f}%"


def _chart(title: str, bars: list[Bar], scale_max: float | None = None, mark_label: str = "") -> str:
    svg = bar_chart(title, bars, scale_max=scale_max, mark_label=mark_label)
    return f'<div class="pb-chart-box" markdown="0">\n{svg}\n</div>' if svg else ""


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(_text(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_text(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)
