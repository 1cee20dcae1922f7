"""Writing report sections to one self-contained HTML page: inline styles, charts as inline SVG,
no script and nothing fetched from a network; prints to A4 from any browser."""

from __future__ import annotations

from pathlib import Path

import jinja2

from reports import charts
from reports.swedish import number, share
from reports.tables import COUNT, DATE, DECIMAL, PER_1000, POINTS, SHARE, SUPPRESSED, Cell, Section


def show(cell: Cell) -> str:
    """A cell as Swedish text: space as thousands separator, decimal comma, %."""
    if cell.is_empty:
        return ""
    if cell.fmt == COUNT:
        return number(cell.value)
    if cell.fmt == SHARE:
        return share(cell.value)
    if cell.fmt == DECIMAL:
        return number(cell.value, 2)
    if cell.fmt == PER_1000:
        return number(cell.value, 1)
    if cell.fmt == POINTS:
        return ("+" if cell.value > 0 else "") + number(100 * cell.value, 1) + " p.e."
    return str(cell.value)


def css(cell: Cell) -> str:
    if cell.fmt == SUPPRESSED:
        return "suppressed"
    classes = "num" if cell.fmt in (COUNT, SHARE, DECIMAL, PER_1000, DATE, POINTS) else ""
    return f"{classes} warn".strip() if cell.warn else classes


_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=jinja2.select_autoescape(["html", "j2"]),
    trim_blocks=True, lstrip_blocks=True,
)
_ENV.filters["show"] = show
_ENV.filters["css"] = css
_ENV.filters["svg"] = charts.svg


def write_page(path: Path, title: str, subtitle: str, sections: list[Section], about: list[str],
               landscape: bool = False) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    html = _ENV.get_template("report.html.j2").render(title=title, subtitle=subtitle, sections=sections,
                                                      about=about, landscape=landscape)
    path.write_text(html, encoding="utf-8")
    return path
