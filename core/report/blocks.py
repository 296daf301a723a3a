"""What every section of the proposal is built from: the plan and its settings, formatted
figures, paragraphs, bullet lists and tables."""

from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
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
from core.report.layout import ReportSettings, Styles, Text, plain
from core.report.words import label, money, number, share, words
from core.units import GB, GiB


class Blocks:
    """The plan, scenario and catalog of one proposal, and the pieces its sections use."""

    def __init__(self, plan: Plan, scenario: Scenario, catalog: PriceCatalog,
                 settings: ReportSettings, catalog_label: str, width: float):
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
        data = [[Text(escape(text), styles.head_right if i in numeric else styles.head)
                 for i, text in enumerate(header)]]
        for row in rows:
            data.append([Text(text, styles.cell_right if i in numeric else styles.cell)
                         for i, text in enumerate(row)])
        total = sum(widths)
        table = Table(data, colWidths=[self.width * w / total for w in widths], repeatRows=1,
                      splitInRow=1)  # a cell taller than a page (a long note) splits too
        table.setStyle(TableStyle([
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor("#7a8a99")),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f6f6f6")]),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            *(("SPAN", (0, row + 1), (-1, row + 1)) for row in spans),
        ]))
        return table

    def h1(self, text: str) -> Text:
        return Text(escape(text), self.styles.h1)

    def h2(self, text: str) -> Text:
        return Text(plain(text), self.styles.h2)


    def shortfall(self, item: Shortfall) -> str:
        """An option past its capacity in words: 'X carries only 28 % of the peak load at its 1
        server(s)', with 'by year 3, ' when the grown load is what it cannot carry."""
        tr, carried = self.tr, share(item.share, self.language)
        if item.unit == "server":
            text = tr("{0} carries only {1} of the peak load at its {2} server(s)", item.option,
                      carried, item.units)
        elif item.unit == "instance":
            text = tr("{0} carries only {1} of the peak load at its {2} instance(s)", item.option,
                      carried, item.units)
        else:
            text = tr("{0} carries only {1} of the peak load within its rate limit", item.option,
                      carried)
        return (tr("by year {0}, ", item.year) + text) if item.year > 1 else text

    def gib(self, value: float | None, digits: int = 1) -> str:
        return "—" if value is None else f"{self.number(value / GiB, digits)} GiB"

    def gb(self, value: float, digits: int = 1) -> str:
        return f"{self.number(value / GB, digits)} GB"


    def ages(self) -> Any:
        return staleness(price_dates(self.plan, self.scenario, self.catalog), self.today,
                         self.settings.max_price_age_days)

