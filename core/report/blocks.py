"""What every section of the proposal is built from: the plan and its settings, formatted
figures, paragraphs, bullet lists and tables."""

import re
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    Table,
    TableStyle,
)

from core.costing.costs import Shortfall
from core.costing.plan import price_dates
from core.costing.results import Plan
from core.costing.scenario import Scenario
from core.i18n.message import Arg
from core.i18n.render import render
from core.pricing.ages import staleness
from core.pricing.catalog import PriceCatalog
from core.report.layout import BOLD, CELL_SIZE, FONT, ReportSettings, Styles, Text, plain
from core.report.words import label, money, number, words
from core.units import GB, GiB

_TAGS = re.compile(r"<[^>]*>")  # markup in a cell's text (<b>, <br/>)
CELL_PADDING = 12  # reportlab's default left + right padding of a table cell
SMALLEST_HEAD = 6.0  # points: the smallest header font before words would have to break


def column_layout(header: list[str], rows: list[list[str]], widths: list[float],
                  numeric: set[int], total: float, size: float) -> tuple[float, list[float]]:
    """The header's font size and the column widths, so that no header word and no figure of a
    numeric column breaks inside: a column narrower than its longest word (or figure) gets
    that width and the others give it up in proportion; the header font shrinks, down to
    SMALLEST_HEAD, only when the words do not fit the page side by side."""
    def longest(texts: list[str], font: str, points: float) -> float:
        return max((stringWidth(word, font, points) for text in texts
                    for word in _TAGS.sub("", text).split()), default=0.0)

    figures = [longest([row[i] for row in rows if i < len(row)], FONT, CELL_SIZE)
               if i in numeric else 0.0 for i in range(len(header))]
    while True:
        need = [max(longest([text], BOLD, size), figures[i]) + CELL_PADDING
                for i, text in enumerate(header)]
        if sum(need) <= total or size <= SMALLEST_HEAD:
            break
        size -= 0.5
    share = [total * weight / sum(widths) for weight in widths]
    fixed: dict[int, float] = {}
    while True:
        grown = {i: need[i] for i in range(len(share)) if i not in fixed and share[i] < need[i]}
        if not grown:
            break
        fixed.update(grown)
        free = [i for i in range(len(share)) if i not in fixed]
        left = total - sum(fixed.values())
        weight = sum(widths[i] for i in free)
        for i in free:
            share[i] = max(left, 0.0) * widths[i] / weight if weight else 0.0
        for i, width in fixed.items():
            share[i] = width
        if not free:
            break
    return size, share


class Blocks:
    """The plan, scenario and catalog of one proposal, and the pieces its sections use."""

    def __init__(self, plan: Plan, scenario: Scenario, catalog: PriceCatalog,
                 settings: ReportSettings, catalog_label: Arg, width: float):
        self.plan, self.scenario, self.catalog = plan, scenario, catalog
        self.settings = settings
        self.language = settings.language
        self.tr = words(self.language)
        self.catalog_label = catalog_label
        self.width = width
        self.styles = Styles()
        self.today = settings.today or date.today()

    # -- helpers --

    def money(self, value: float | None, digits: int = 0) -> str:
        return money(value, self.plan.currency, self.language, digits)

    def number(self, value: float | None, digits: int = 0) -> str:
        return self.tr("unknown") if value is None else number(value, digits, self.language)

    def kind(self, kind: str) -> str:
        return label(kind, self.language)

    def label(self, key: str) -> str:
        return label(key, self.language)

    def render(self, item: Arg | None) -> str:
        """A message, label or typed figure from the engine in the proposal's language."""
        return render(item, self.language)

    def paragraph(self, text: str, style: ParagraphStyle | None = None) -> Text:
        return Text(text, style or self.styles.body)

    def bullets(self, items: list[str]) -> list[Flowable]:
        return [Text(item, self.styles.bullet, bulletText="•") for item in items]

    def table(self, header: list[str], rows: list[list[str]], widths: list[float],
              numeric: set[int] | None = None, spans: tuple[int, ...] = ()) -> Table:
        """A table of escaped texts that wraps in its cells and repeats its header; the rows
        in spans (0 = first body row) are one cell across the table."""
        numeric = numeric or set()
        styles = self.styles
        size, column_widths = column_layout(header, [row for index, row in enumerate(rows)
                                                     if index not in spans],
                                            widths, numeric, self.width, styles.head.fontSize)
        head = ParagraphStyle("head_fit", parent=styles.head, fontSize=size,
                              leading=size + 2)
        head_right = ParagraphStyle("head_right_fit", parent=head, alignment=2)
        data = [[Text(escape(text), head_right if i in numeric else head)
                 for i, text in enumerate(header)]]
        for row in rows:
            data.append([Text(text, styles.cell_right if i in numeric else styles.cell)
                         for i, text in enumerate(row)])
        table = Table(data, colWidths=column_widths, repeatRows=1,
                      splitInRow=1)  # a cell taller than a page (a long note) splits too
        table.setStyle(TableStyle([
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor("#7a8a99")),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f6f6f6")]),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            # the cells are paragraphs in the embedded font; without this each table would
            # also set reportlab's default, Helvetica, which is never embedded
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            *(("SPAN", (0, row + 1), (-1, row + 1)) for row in spans),
        ]))
        return table

    def h1(self, text: str) -> Text:
        return Text(escape(text), self.styles.h1)

    def h2(self, text: str) -> Text:
        return Text(plain(text), self.styles.h2)

    def shortfall(self, item: Shortfall) -> str:
        """An option past its capacity in words: 'X carries only 28% of the peak load at its 1
        server', with 'by year 3, ' when the grown load is what it cannot carry."""
        return self.render(item.sentence)

    def gib(self, value: float | None, digits: int = 1) -> str:
        return "—" if value is None else f"{self.number(value / GiB, digits)} GiB"

    def gb(self, value: float, digits: int = 1) -> str:
        return f"{self.number(value / GB, digits)} GB"


    def ages(self) -> Any:
        return staleness(price_dates(self.plan, self.scenario, self.catalog), self.today,
                         self.settings.max_price_age_days)

