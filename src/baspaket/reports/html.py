"""Writing report sections to one self-contained HTML page: inline styles, charts as inline SVG,
no script and nothing fetched from a network; prints to A4 from any browser."""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from baspaket.reports import charts
from baspaket.reports.tables import (
    COUNT,
    DATE,
    DECIMAL,
    PER_1000,
    POINTS,
    SHARE,
    SUPPRESSED,
    Cell,
    Section,
    Table,
    as_text,
)


def css(cell: Cell) -> str:
    if cell.fmt == SUPPRESSED:
        return "suppressed"
    classes = "num" if cell.fmt in (COUNT, SHARE, DECIMAL, PER_1000, DATE, POINTS) or cell.numeric_text else ""
    return f"{classes} warn".strip() if cell.warn else classes


def body_rows(table: Table) -> Markup:
    """The table's rows as HTML, one `<tr>` a line, each cell escaped. Written here rather than
    as a loop in the template: a centre's worklist holds thousands of cells, and the template's
    loop cost a filter call or two per cell (docs/performance.md)."""
    return Markup(
        "\n".join(
            "<tr>" + "".join(f'<td class="{css(cell)}">{escape(as_text(cell))}</td>' for cell in row) + "</tr>"
            for row in table.rows
        )
    )


_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=jinja2.select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.filters["body_rows"] = body_rows
_ENV.filters["svg"] = charts.svg


def write_page(
    path: Path,
    title: str,
    subtitle: str,
    sections: list[Section],
    about: list[str],
    landscape: bool = False,
    notice: str = "",
) -> Path:
    """`notice`, when given, stands under the title in a box: the figures are provisional."""
    path.parent.mkdir(parents=True, exist_ok=True)
    html = _ENV.get_template("report.html.j2").render(
        title=title, subtitle=subtitle, sections=sections, about=about, landscape=landscape, notice=notice
    )
    path.write_text(html, encoding="utf-8")
    return path
