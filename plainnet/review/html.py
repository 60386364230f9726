"""The review as one self-contained HTML page: inline CSS, inline SVG charts, no JavaScript, no network.

`render_html(scorecard, vault_root=..., out_dir=...)` returns the page. Every note is linked twice:
with an `obsidian://open` URI (opens it in Obsidian) and with a link relative to the folder the
page is written to (opens the Markdown file). Charts carry their numbers as data attributes
(`data-chart`, `data-values`, `data-month`, `data-value`) and as SVG `<title>` tooltips, so the
page can be checked, and read by screen readers, without drawing it.
"""
from __future__ import annotations

import os
from datetime import date
from html import escape
from pathlib import Path
from urllib.parse import quote

INK = "#1d2633"
MUTED = "#5f6b7a"
FAINT = "#98a2b0"
LINE = "#e5e7eb"
ACCENT = "#3d5a98"  # the period's bars
ACCENT_SOFT = "#b9c6e0"  # the previous period's bars
WARM = "#c9793a"  # late / received
WARM_SOFT = "#ecc9ab"
STATUS = {"good": "#2f7d57", "fair": "#b7862b", "poor": "#b9473d", "none": "#98a2b0"}
STATUS_WORD = {"good": "good", "fair": "fair", "poor": "work on", "none": "n/a"}

CSS = f"""
*{{box-sizing:border-box}}
html{{-webkit-text-size-adjust:100%}}
body{{margin:0;background:#f6f5f2;color:{INK};font:15px/1.55 -apple-system,BlinkMacSystemFont,"Segoe UI",
  Inter,Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif;font-feature-settings:"tnum" 1,"lnum" 1}}
main{{max-width:1120px;margin:0 auto;padding:40px 40px 64px}}
a{{color:{ACCENT};text-decoration:none}} a:hover{{text-decoration:underline}}
.eyebrow{{text-transform:uppercase;letter-spacing:.08em;font-size:12px;color:{MUTED};margin:0 0 6px;font-weight:600}}
h1{{font-size:30px;line-height:1.2;margin:0 0 6px;font-weight:700;letter-spacing:-.01em}}
h2{{font-size:19px;margin:44px 0 14px;font-weight:650;letter-spacing:-.005em}}
h3{{font-size:15px;margin:0;font-weight:650}}
.period{{color:{MUTED};margin:0}}
.top{{display:flex;justify-content:space-between;align-items:flex-end;gap:32px;flex-wrap:wrap}}
.summary{{display:flex;gap:8px;flex-wrap:wrap}}
.pill{{display:inline-flex;align-items:center;gap:6px;padding:4px 11px;border-radius:999px;background:#fff;
  border:1px solid {LINE};font-size:13px;color:{MUTED};white-space:nowrap}}
.pill b{{color:{INK};font-weight:650}}
.dot{{width:8px;height:8px;border-radius:50%;display:inline-block;flex:none}}
.epigraph{{margin:22px 0 0;padding:0 0 0 14px;border-left:3px solid {ACCENT_SOFT};color:{MUTED};font-style:italic;
  max-width:760px}}
.epigraph cite{{display:block;font-style:normal;font-size:12.5px;color:{FAINT};margin-top:2px}}
.grid{{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:16px}}
.card{{background:#fff;border:1px solid {LINE};border-radius:10px;padding:18px 20px}}
.chart-head{{display:flex;justify-content:space-between;align-items:baseline;gap:12px;margin-bottom:6px}}
.chart-head .total{{font-size:13px;color:{MUTED};white-space:nowrap}}
.legend{{display:flex;gap:14px;font-size:12px;color:{MUTED};margin:2px 0 4px}}
.legend span{{display:inline-flex;align-items:center;gap:5px}}
.swatch{{width:10px;height:10px;border-radius:2px;display:inline-block}}
svg{{display:block;overflow:visible}}
table{{width:100%;border-collapse:collapse;background:#fff;border:1px solid {LINE};border-radius:10px;overflow:hidden}}
th{{text-align:left;font-size:12px;text-transform:uppercase;letter-spacing:.06em;color:{MUTED};font-weight:600;
  padding:10px 14px;border-bottom:1px solid {LINE};background:#fbfbfa}}
td{{padding:13px 14px;border-bottom:1px solid {LINE};vertical-align:top}}
tr:last-child td{{border-bottom:0}}
td.habit{{width:27%}}
.q{{color:{MUTED};font-size:13px;margin-top:2px}}
.big{{font-size:22px;font-weight:700;line-height:1.1;letter-spacing:-.01em}}
.cap{{color:{MUTED};font-size:13px;margin-top:2px}}
.meter{{height:6px;background:#eef0f3;border-radius:3px;margin-top:8px;max-width:220px;overflow:hidden}}
.meter i{{display:block;height:100%;border-radius:3px}}
.prev{{color:{MUTED};white-space:nowrap}}
.trend{{display:inline-block;padding:2px 9px;border-radius:999px;font-size:13px;font-weight:600;white-space:nowrap}}
.better{{background:#e6f2ec;color:{STATUS['good']}}} .worse{{background:#f7e7e5;color:{STATUS['poor']}}}
.same,.nt{{background:#f0f1f3;color:{MUTED}}}
.nt{{font-weight:500}}
.habits{{columns:2;column-gap:16px}}
.habit-card{{break-inside:avoid;margin:0 0 16px;display:inline-block;width:100%}}
.rank{{color:{FAINT};font-weight:600;font-size:13px;min-width:18px}}
.sub{{color:{MUTED};margin:-6px 0 14px;font-size:13.5px}}
.habit-card h3{{display:flex;align-items:center;gap:8px}}
.habit-card .fig{{margin-left:auto;font-weight:600;font-size:14px;color:{MUTED}}}
.next{{margin:10px 0 8px;font-weight:550}}
.quote{{margin:0 0 10px;color:{MUTED};font-style:italic;font-size:13.5px}}
.quote .src{{font-style:normal;color:{FAINT};font-size:12px}}
.notes{{list-style:none;margin:0;padding:10px 0 0;border-top:1px solid {LINE};font-size:13.5px}}
.notes li{{margin:4px 0}}
.notes li>a:first-child{{font-weight:550}}
.notes .why{{color:{MUTED}}}
.notes .file{{color:{FAINT};font-size:12px;white-space:nowrap;margin-left:4px}}
.notes .more{{color:{FAINT}}}
.def{{margin:10px 0 0;font-size:12.5px;color:{MUTED}}}
.def summary{{cursor:pointer;color:{FAINT};font-size:12px}}
.empty{{margin-top:28px;font-size:16px}}
footer{{margin-top:48px;color:{FAINT};font-size:12px}}
@media (max-width:820px){{main{{padding:24px 18px}} .grid{{grid-template-columns:1fr}} .habits{{columns:1}} td.habit{{width:auto}}}}
@media print{{body{{background:#fff}} .card,table{{break-inside:avoid}}}}
"""


def _d(day: date) -> str:
    return f"{day.day} {day.strftime('%b %Y')}"


def _span(p) -> str:
    if p.start.year == p.end.year:
        return f"{p.start.day} {p.start.strftime('%b')} – {_d(p.end)}"
    return f"{_d(p.start)} – {_d(p.end)}"


def obsidian_uri(vault_name: str, path: str) -> str:
    """`obsidian://open?vault=…&file=…` for a vault-relative note path (Obsidian drops the `.md`)."""
    file = path[:-3] if path.lower().endswith(".md") else path
    return f"obsidian://open?vault={quote(vault_name, safe='')}&file={quote(file, safe='')}"


def file_href(vault_root, path: str, out_dir) -> str:
    """A link to the note's file relative to the folder the page is written in."""
    target = os.path.join(os.fspath(vault_root), *path.split("/"))
    rel = os.path.relpath(target, os.fspath(out_dir)) if out_dir else target
    return quote(rel.replace(os.sep, "/"))


# ---------------------------------------------------------------- charts


def _month_label(p) -> str:
    return p.start.strftime("%b")


def _in_period(month, period) -> bool:
    return month.end >= period.start


def bar_chart(name: str, months: list, series: list[tuple[str, list, str, str]], period, *, stacked: bool = False,
              width: int = 500, height: int = 190) -> str:
    """Monthly bars as SVG. `series`: (label, values, colour in the period, colour before it).

    Grouped bars side by side, or `stacked`. Months before the period are drawn in the softer
    colour, so the period stands out; each bar has a `<title>` and data attributes."""
    left, right, top, bottom = 28, 6, 14, 24
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(1, len(months))
    totals = [sum(s[1][i] for s in series) for i in range(len(months))] if stacked else \
        [max((s[1][i] for s in series), default=0) for i in range(len(months))]
    top_value = max(totals + [1])
    step = _nice_step(top_value)
    top_value = step * -(-top_value // step)
    y = lambda v: top + plot_h - v / top_value * plot_h  # noqa: E731
    values = ";".join(f"{label}:" + ",".join(str(v) for v in vals) for label, vals, _, _ in series)
    out = [f'<svg class="chart" data-chart="{escape(name)}" data-values="{escape(values)}" role="img" '
           f'aria-label="{escape(name)} by month" viewBox="0 0 {width} {height}" width="100%" '
           f'preserveAspectRatio="xMidYMid meet">']
    # grid and axis labels
    v = 0
    while v <= top_value:
        yy = y(v)
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{yy:.1f}" y2="{yy:.1f}" stroke="{LINE}" '
                   f'stroke-width="1"/>')
        out.append(f'<text x="{left - 6}" y="{yy + 4:.1f}" text-anchor="end" font-size="11" fill="{FAINT}">{v}</text>')
        v += step
    slot = plot_w / n
    group_w = min(slot * 0.62, 56)
    for i, m in enumerate(months):
        x0 = left + slot * i + (slot - group_w) / 2
        current = _in_period(m, period)
        base = 0
        for k, (label, vals, colour, soft) in enumerate(series):
            value = vals[i]
            fill = colour if current else soft
            if stacked:
                x, w = x0, group_w
                y1, y2 = y(base + value), y(base)
                base += value
            else:
                w = group_w / len(series)
                x = x0 + k * w
                y1, y2 = y(value), y(0)
            h = max(0.0, y2 - y1)
            tip = f"{m.start.strftime('%B %Y')}: {value} {label}"
            out.append(f'<rect class="bar" data-series="{escape(label)}" data-month="{m.start.strftime("%Y-%m")}" '
                       f'data-value="{value}" x="{x + 0.5:.1f}" y="{y1:.1f}" width="{max(1.0, w - 1):.1f}" '
                       f'height="{h:.1f}" rx="2" fill="{fill}"><title>{escape(tip)}</title></rect>')
        total = totals[i]
        if total:
            out.append(f'<text x="{x0 + group_w / 2:.1f}" y="{y(total) - 4:.1f}" text-anchor="middle" font-size="11" '
                       f'fill="{MUTED}">{total}</text>')
        out.append(f'<text x="{x0 + group_w / 2:.1f}" y="{height - 6}" text-anchor="middle" font-size="11" '
                   f'fill="{INK if current else FAINT}">{_month_label(m)}</text>')
    out.append("</svg>")
    return "".join(out)


def _nice_step(top: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if top / step <= 5:
            return step
    return max(1, top // 5)


def sparkline(row, months: list, period, width: int = 118, height: int = 30) -> str:
    """A habit's value month by month as small columns (shares on 0..100%, counts on 0..max)."""
    values = [v for _, v in row.monthly]
    nums = [v for v in values if v is not None]
    top = 1.0 if row.unit == "share" else max(nums + [1])
    n = max(1, len(values))
    slot = width / n
    w = min(slot * 0.7, 12)
    colour = STATUS.get(row.status, ACCENT)
    out = [f'<svg class="spark" data-habit="{row.id}" data-values="'
           + ",".join("" if v is None else f"{v:.4g}" for v in values)
           + f'" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
           f'aria-label="{escape(row.title)} by month">']
    out.append(f'<line x1="0" x2="{width}" y1="{height - 0.5}" y2="{height - 0.5}" stroke="{LINE}"/>')
    for i, ((m, v), x) in enumerate(zip(row.monthly, (slot * i + (slot - w) / 2 for i in range(n)))):
        label = m.start.strftime("%b %Y")
        if v is None:
            out.append(f'<circle cx="{x + w / 2:.1f}" cy="{height - 3}" r="1.5" fill="{FAINT}">'
                       f'<title>{label}: nothing to measure</title></circle>')
            continue
        h = max(2.0, v / top * (height - 4)) if top else 2.0
        shown = f"{round(v * 100)}%" if row.unit == "share" else f"{v:g}"
        fill = colour if _in_period(m, period) else "#d5d9df"
        out.append(f'<rect x="{x:.1f}" y="{height - 1 - h:.1f}" width="{w:.1f}" height="{h:.1f}" rx="1.5" '
                   f'fill="{fill}" data-month="{m.start.strftime("%Y-%m")}" data-value="{v:.4g}">'
                   f'<title>{label}: {shown}</title></rect>')
    out.append("</svg>")
    return "".join(out)


# ---------------------------------------------------------------- the page


def _big_and_caption(row, m) -> tuple[str, str]:
    if m.value is None:
        return "–", m.text
    big = f"{round(m.value * 100)}%" if row.unit == "share" else f"{m.value:g}"
    parts = m.text.split(" · ")
    if parts[0].startswith(big):
        parts[0] = parts[0][len(big):].strip()
    return big, " · ".join(p for p in parts if p)


def _trend_html(row) -> str:
    t = row.trend
    if t.verdict is None:
        word = "now only" if not row.history else "no comparison"
        return f'<span class="trend nt" title="{escape(t.reason or "")}">{word}</span>'
    if t.verdict == "same":
        return '<span class="trend same">= same</span>'
    arrow = "▲" if t.direction == "up" else "▼"
    amount = f"{t.delta * 100:+.0f} pts" if row.unit == "share" else f"{t.delta:+g}"
    return f'<span class="trend {t.verdict}">{arrow} {escape(amount.replace("-", "−"))}</span>'


def _prev_html(row) -> str:
    if not row.history or row.previous is None:
        return '<span class="prev">—</span>'
    m = row.previous
    if m.value is None:
        return f'<span class="prev" title="{escape(m.reason or "")}">—</span>'
    big, _ = _big_and_caption(row, m)
    return f'<span class="prev" title="{escape(m.text)}">{escape(big)}</span>'


def _note_link(card, ref, vault_root, out_dir) -> str:
    uri = obsidian_uri(card.vault, ref.path)
    why = ref.why
    head = why.split(": ", 1)
    if len(head) == 2 and ref.title.startswith(head[0]):
        why = head[1]  # "2026-11-03: …" under "2026-11-03 Chamber breakfast" says the date twice
    href = file_href(vault_root, ref.path, out_dir) if vault_root is not None else quote(ref.path)
    return (f'<li><a href="{escape(uri)}" title="Open in Obsidian">{escape(ref.title)}</a>'
            f' <span class="why">— {escape(why)}</span>'
            f'<a class="file" href="{escape(href)}" title="{escape(ref.path)}:{ref.line}">file ↗</a></li>')


def render_html(card, *, vault_root=None, out_dir=None, notes_per_habit: int = 6) -> str:
    """The whole page for a Scorecard. `vault_root` and `out_dir` make the relative file links."""
    title = f"Networking review · {card.vault}" if card.vault else "Networking review"
    h = [f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
         f'<meta name="viewport" content="width=device-width,initial-scale=1">'
         f'<meta name="generator" content="plainnet review"><title>{escape(title)}</title>'
         f"<style>{CSS}</style></head><body><main>"]
    s = card.summary()
    pills = "".join(f'<span class="pill"><span class="dot" style="background:{STATUS[k]}"></span><b>{s[k]}</b> '
                    f"{STATUS_WORD[k] if k != 'poor' else 'to work on'}</span>" for k in ("good", "fair", "poor", "none")
                    if s[k] or k != "none")
    h.append(f'<header><p class="eyebrow">plainnet review{" · " + escape(card.vault) if card.vault else ""}</p>'
             f'<div class="top"><div><h1>Networking self-analysis</h1>'
             f'<p class="period">{_span(card.period)} ({card.period.days} days) · compared with '
             f"{_span(card.previous)}</p></div>"
             + (f'<div class="summary">{pills}</div>' if not card.empty else "") + "</div>"
             '<blockquote class="epigraph">“Successful networking is about learning how to ‘work’ the networking '
             'process — not just letting it happen.” <cite>— Ivan R. Misner, <i>The 29% Solution</i>, quoted in “10 Signs That You’re Doing Networking Wrong”</cite>'
             "</blockquote></header>")
    if card.empty:
        h.append(f'<div class="card empty"><p>{escape(card.message)}</p></div>')
        h.append(_footer(card))
        h.append("</main></body></html>")
        return "".join(h)

    c = card.charts
    p = card.period
    t, b = c.totals, c.previous_totals
    charts = [
        ("Events", "events", f"{t['events']} in the period · {b['events']} before",
         [("events", c.events, ACCENT, ACCENT_SOFT)], False, None),
        ("New people met", "new-people", f"{t['new_people']} in the period · {b['new_people']} before",
         [("people", c.new_people, ACCENT, ACCENT_SOFT)], False, None),
        ("Follow-ups by due month", "follow-ups", f"{t['on_time']} on time, {t['late']} late in the period",
         [("on time", c.on_time, ACCENT, ACCENT_SOFT), ("late", c.late, WARM, WARM_SOFT)], True,
         [("on time", ACCENT), ("late or still open", WARM)]),
        ("Given and received", "reciprocity", f"{t['given']} given, {t['received']} received in the period",
         [("given", c.given, ACCENT, ACCENT_SOFT), ("received", c.received, WARM, WARM_SOFT)], False,
         [("given", ACCENT), ("received", WARM)]),
    ]
    h.append('<h2>Month by month</h2><p class="sub">Strong colours: months in the period; pale: the months '
             'before it. Hover a bar for its number.</p><div class="grid">')
    for label, name, total, series, stacked, legend in charts:
        leg = ""
        if legend:
            leg = '<div class="legend">' + "".join(f'<span><i class="swatch" style="background:{col}"></i>{escape(t)}</span>'
                                                  for t, col in legend) + "</div>"
        h.append(f'<section class="card chart-card" data-chart="{name}"><div class="chart-head"><h3>{escape(label)}</h3>'
                 f'<span class="total">{escape(total)}</span></div>{leg}'
                 f"{bar_chart(name, c.months, series, p, stacked=stacked)}</section>")
    h.append("</div>")

    h.append('<h2>Scorecard</h2><table class="scorecard"><thead><tr><th>Habit</th><th>This period</th>'
             "<th>Before</th><th>Trend</th><th>By month</th></tr></thead><tbody>")
    for r in card.rows:
        big, cap = _big_and_caption(r, r.current)
        colour = STATUS[r.status]
        meter = ""
        if r.current.score is not None:
            meter = (f'<div class="meter"><i style="width:{max(0, min(100, r.current.score * 100)):.0f}%;'
                     f'background:{colour}"></i></div>')
        h.append(f'<tr data-habit="{r.id}" data-status="{r.status}"><td class="habit"><h3>'
                 f'<span class="dot" style="background:{colour}"></span> {escape(r.title)}</h3>'
                 f'<div class="q">{escape(r.question)}</div></td>'
                 f'<td><div class="big" style="color:{colour if r.current.value is not None else FAINT}">{escape(big)}</div>'
                 f'<div class="cap">{escape(cap)}</div>{meter}</td>'
                 f"<td>{_prev_html(r)}</td><td>{_trend_html(r)}</td>"
                 f"<td>{sparkline(r, c.months, p) if r.monthly else '<span class=prev>—</span>'}</td></tr>")
    h.append("</tbody></table>")

    h.append('<h2>What to do next</h2><p class="sub">One step per habit, the weakest first, each from a sentence '
             'of “Why your Networking is not Delivering Results” or “10 Signs That You’re Doing Networking Wrong”.</p><div class="habits">')
    if not card.advice():
        from plainnet.review.figures import NOTHING_TO_ADVISE

        h.append(f'<p class="sub">{escape(NOTHING_TO_ADVISE)}</p>')
    for rank, r in enumerate(card.advice(), 1):
        colour = STATUS[r.status]
        notes = r.current.notes
        items = "".join(_note_link(card, ref, vault_root, out_dir) for ref in notes[:notes_per_habit])
        if len(notes) > notes_per_habit:
            items += f'<li class="more">… and {len(notes) - notes_per_habit} more (plainnet review --json)</li>'
        h.append(f'<article class="card habit-card" id="{r.id}" data-habit="{r.id}"><h3>'
                 f'<span class="rank">{rank}</span><span class="dot" style="background:{colour}"></span>{escape(r.title)}'
                 f'<span class="fig">{escape(_big_and_caption(r, r.current)[0])}</span></h3>'
                 f'<p class="next">{escape(r.suggestion.text)}</p>'
                 f'<p class="quote">“{escape(r.suggestion.quote)}” <span class="src">— {escape(r.suggestion.source)}</span></p>'
                 + (f'<ul class="notes">{items}</ul>' if items else "")
                 + f'<details class="def"><summary>How this is measured</summary>{escape(r.definition)}</details></article>')
    h.append("</div>")
    h.append(_footer(card))
    h.append("</main></body></html>")
    return "".join(h)


def _footer(card) -> str:
    return (f"<footer>Made by plainnet review from the notes in {escape(card.vault or 'the vault')}, as of "
            f"{_d(card.today)}. Links open the notes in Obsidian; “file ↗” opens the Markdown file.</footer>")


def write_html(card, path, vault_root=None) -> Path:
    """Render and write the page to `path` (relative links computed from its folder)."""
    path = Path(path)
    path.write_text(render_html(card, vault_root=vault_root, out_dir=path.parent.resolve()), encoding="utf-8")
    return path
