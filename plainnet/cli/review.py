"""plainnet review: the networking self-analysis as a scorecard (terminal, --json, --html FILE).

The figures come from plainnet.review.figures (pure computation); this module parses options and renders:
a rich table on a terminal, plain aligned text when piped or with NO_COLOR.
"""
from __future__ import annotations


import click

SPARK = "▁▂▃▄▅▆▇█"
EIGHTHS = " ▏▎▍▌▋▊▉"
STATUS_STYLE = {"good": "green", "fair": "yellow", "poor": "red", "none": "dim"}
STATUS_WORD = {"good": "good", "fair": "fair", "poor": "work on", "none": "n/a"}


from plainnet.cli.registry import date_param as _date_option  # noqa: E402


@click.command()
@click.option("--since", metavar="YYYY-MM-DD", callback=_date_option,
              help="First day of the period (default: the 90 days up to --until).")
@click.option("--until", metavar="YYYY-MM-DD", callback=_date_option,
              help="Last day of the period (default: today, or --today).")
@click.option("--json", "as_json", is_flag=True, help="Print every figure as JSON (see the README for the shape).")
@click.option("--html", "html_file", type=click.Path(dir_okay=False, writable=True), metavar="FILE",
              help="Also write the scorecard and monthly charts as one self-contained HTML page.")
@click.pass_obj
def review(obj, since, until, as_json, html_file):
    """The networking self-analysis: a scorecard of your habits over a period.

    One row per habit (objectives, homework, follow-through, reciprocity, new people, card stack,
    consent, groups, pitch, network) with its figure, the trend against the period of the same
    length before, the notes behind it and one next step from "Why your Networking is not
    Delivering Results" or "10 Signs That You're Doing Networking Wrong" (after Ivan Misner). The period is the 90
    days up to today unless --since/--until say otherwise; both ends are included.
    """
    from plainnet.render import dump_json, use_color
    from plainnet.review.figures import review as compute

    vault = obj.vault()
    try:
        card = compute(vault, since, until)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if html_file:
        import os

        from plainnet.review.html import render_html
        from plainnet.vault.files import atomic_write_bytes

        page = render_html(card, vault_root=vault.root, out_dir=os.path.dirname(os.path.abspath(html_file)))
        atomic_write_bytes(html_file, page.encode("utf-8"))
    if as_json:
        click.echo(dump_json(card.to_json()))
    elif use_color():
        _print_rich(card)
    else:
        click.echo(scorecard_text(card))
    if html_file:
        click.echo(f"wrote {html_file}", err=as_json)


# ---------------------------------------------------------------- small text charts


def bar(score, width: int = 10) -> str:
    """A horizontal bar of `width` cells for a 0..1 score (eighth-cell resolution); blank for None."""
    if score is None:
        return " " * width
    eighths = round(max(0.0, min(1.0, score)) * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (EIGHTHS[part] if part else "")).ljust(width, "░" if score is not None else " ")


def sparkline(values, unit: str = "share") -> str:
    """One character per month: ▁..█ scaled to 0..1 for shares and to the largest value for counts; · for none."""
    nums = [v for v in values if v is not None]
    if not nums:
        return "·" * len(values)
    top = 1.0 if unit == "share" else max(max(nums), 1)
    out = []
    for v in values:
        out.append("·" if v is None else SPARK[min(len(SPARK) - 1, round(v / top * (len(SPARK) - 1)))])
    return "".join(out)


def _value_text(row, m) -> str:
    if m is None:
        return ""
    if m.value is None:
        return "–"
    return f"{round(m.value * 100)}%" if row.unit == "share" else str(m.value)


def trend_text(row) -> str:
    t = row.trend
    if t.verdict is None:
        return "–"
    if t.verdict == "same":
        return "= same"
    arrow = "▲" if t.direction == "up" else "▼"
    amount = f"{t.delta * 100:+.0f} pts" if row.unit == "share" else f"{t.delta:+g}"
    return f"{arrow} {amount.replace('-', '−')}"


def _months_label(card) -> str:
    m = card.charts.months
    if not m:
        return ""
    a, b = m[0].start.strftime("%b"), m[-1].start.strftime("%b")
    return a if a == b else f"{a}–{b}"


def _header(card) -> list[str]:
    p, q = card.period, card.previous
    s = card.summary()
    parts = [f"{s['good']} good", f"{s['fair']} fair", f"{s['poor']} to work on"] + ([f"{s['none']} n/a"] if s["none"] else [])
    return [f"Networking review{' of ' + card.vault if card.vault else ''}",
            f"{p.label} ({p.days} days), compared with {q.label}",
            ", ".join(parts)]


def _rows(card) -> list[list[str]]:
    out = []
    for r in card.rows:
        out.append([r.title, bar(r.current.score), r.current.text, _value_text(r, r.previous) if r.history else "now only",
                    trend_text(r), sparkline([v for _, v in r.monthly], r.unit) if r.monthly else ""])
    return out


HEADERS = ["habit", "score", "this period", "before", "trend"]


def scorecard_text(card, notes_per_row: int = 3) -> str:
    """The scorecard as plain text: header, aligned table, then one next step per habit with its notes."""
    from plainnet.render import table_text

    lines = _header(card)
    if card.empty:
        return "\n".join(lines[:2] + ["", card.message])
    lines.append("")
    lines.append(table_text(HEADERS + [_months_label(card)], _rows(card)))
    lines += ["", "What to do next"]
    if not card.advice():
        from plainnet.review.figures import NOTHING_TO_ADVISE

        lines.append(NOTHING_TO_ADVISE)
    for i, r in enumerate(card.advice(), 1):
        lines.append(f"{i:2}. {r.title}: {r.suggestion.text}")
        lines.append(f"    “{r.suggestion.quote}” ({r.suggestion.source.split(',')[0]})")
        for ref in r.current.notes[:notes_per_row]:
            lines.append(f"    {ref.path}:{ref.line}  {ref.why}")
        more = len(r.current.notes) - notes_per_row
        if more > 0:
            lines.append(f"    … and {more} more (--json lists them all)")
    return "\n".join(lines)


def _print_rich(card, notes_per_row: int = 3) -> None:
    from rich.markup import escape
    from rich.table import Table

    from plainnet.render import console

    out = console()
    head = _header(card)
    out.print(f"[bold]{escape(head[0])}[/bold]")
    out.print(f"[dim]{escape(head[1])}[/dim]")
    if card.empty:
        out.print("\n" + escape(card.message))
        return
    s = card.summary()
    out.print(f"[green]{s['good']} good[/green], [yellow]{s['fair']} fair[/yellow], [red]{s['poor']} to work on[/red]"
              + (f", [dim]{s['none']} n/a[/dim]" if s["none"] else "") + "\n")
    t = Table(box=None, pad_edge=False, header_style="bold", show_edge=False)
    for h in HEADERS:
        t.add_column(h, no_wrap=h in ("habit", "score", "before", "trend"))
    t.add_column(_months_label(card), no_wrap=True)
    for r, cells in zip(card.rows, _rows(card)):
        style = STATUS_STYLE[r.status]
        verdict = {"better": "green", "worse": "red"}.get(r.trend.verdict, "dim")
        t.add_row(f"[bold]{escape(cells[0])}[/bold]", f"[{style}]{cells[1]}[/]", escape(cells[2]),
                  f"[dim]{escape(cells[3])}[/dim]", f"[{verdict}]{escape(cells[4])}[/]", f"[cyan]{cells[5]}[/cyan]")
    out.print(t)
    out.print("\n[bold]What to do next[/bold]")
    if not card.advice():
        from plainnet.review.figures import NOTHING_TO_ADVISE

        out.print(NOTHING_TO_ADVISE)
    for i, r in enumerate(card.advice(), 1):
        out.print(f"[{STATUS_STYLE[r.status]}]{i:2}.[/] [bold]{escape(r.title)}[/bold]: {escape(r.suggestion.text)}")
        out.print(f"    [dim italic]“{escape(r.suggestion.quote)}” ({escape(r.suggestion.source.split(',')[0])})[/]")
        for ref in r.current.notes[:notes_per_row]:
            out.print(f"    [dim]{escape(ref.path)}:{ref.line}[/dim]  {escape(ref.why)}")
        more = len(r.current.notes) - notes_per_row
        if more > 0:
            out.print(f"    [dim]… and {more} more (--json lists them all)[/dim]")
