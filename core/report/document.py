"""The proposal as a reportlab document: cover, summary, requirements, costs, levers, criteria
and assumptions, from one Plan. User text is escaped, so it prints as typed."""

import io
import unicodedata
from collections.abc import Callable
from dataclasses import MISSING, dataclass, fields, is_dataclass
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from core import __version__
from core.costing.context import per_period
from core.costing.plan import price_dates
from core.costing.results import Plan
from core.costing.scenario import CRITERIA, Scenario
from core.errors import InputError
from core.pricing.catalog import DEFAULT_MAX_AGE_DAYS, PriceCatalog, staleness
from core.report import charts
from core.report.words import LANGUAGES, day, money, number, share, words
from core.resources import resource_dir
from core.units import GB, GiB

PAPERS = {"a4": A4, "letter": LETTER}
MARGIN = 18 * mm
FONT, BOLD = charts.FONT, charts.BOLD


@dataclass(frozen=True)
class ReportSettings:
    """Who hands the proposal over, on which paper, in which language."""

    organisation: str = ""
    author: str = ""
    paper: str = "a4"
    language: str = "en"
    today: date | None = None  # the date on the cover; None: today
    max_price_age_days: int = DEFAULT_MAX_AGE_DAYS


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode map, with characters beyond U+FFFF (emoji) written as UTF-16
    surrogate pairs: reportlab writes them as odd-length hex, so copying or searching the PDF
    text gave the wrong character."""
    entries = [f"<{index:02X}> <{chr(code).encode('utf-16-be').hex().upper()}>"
               for index, code in enumerate(subset)]
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>", "endcodespacerange", f"{len(subset)} beginbfchar",
        *entries, "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop",
        "end", "end"])


def register_fonts() -> None:
    """Embed DejaVu Sans (resources/fonts), which has umlauts, the euro sign and most scripts."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    folder = resource_dir() / "fonts"
    for name, file in ((FONT, "DejaVuSans.ttf"), (BOLD, "DejaVuSans-Bold.ttf")):
        path = folder / file
        if not path.is_file():
            raise InputError(f"the PDF font {path} is missing: the installation is incomplete")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


def printable(text: str) -> str:
    """User text as the embedded font can print it: characters it has no glyph for (emoji)
    become their Unicode name in brackets, so nothing is silently lost."""
    glyphs = pdfmetrics.getFont(FONT).face.charToGlyph
    out = []
    for char in str(text):
        if ord(char) in glyphs or char in "\n\t":
            out.append(char)
        else:
            out.append(f"[{unicodedata.name(char, f'U+{ord(char):04X}')}]")
    return "".join(out)


def plain(text: object) -> str:
    """User or engine text for a Paragraph: printable, with <, & and > escaped."""
    return escape(printable(str(text)))


class _Styles:
    def __init__(self) -> None:
        base = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12)
        self.body = base
        self.small = ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5)
        self.cell = ParagraphStyle("cell", parent=base, fontSize=7.5, leading=9.5)
        self.cell_right = ParagraphStyle("cell_right", parent=self.cell, alignment=2)
        self.head = ParagraphStyle("head", parent=self.cell, fontName=BOLD)
        self.head_right = ParagraphStyle("head_right", parent=self.head, alignment=2)
        self.h1 = ParagraphStyle("h1", parent=base, fontName=BOLD, fontSize=15, leading=19,
                                 spaceBefore=4, spaceAfter=8, keepWithNext=1)
        self.h2 = ParagraphStyle("h2", parent=base, fontName=BOLD, fontSize=11, leading=14,
                                 spaceBefore=8, spaceAfter=4, keepWithNext=1)
        self.title = ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=24,
                                    leading=30, alignment=TA_CENTER, spaceAfter=12)
        self.subtitle = ParagraphStyle("subtitle", parent=base, fontSize=13, leading=17,
                                       alignment=TA_CENTER, spaceAfter=6)
        self.contents = ParagraphStyle("contents", parent=self.h2)  # not in the outline
        self.bullet = ParagraphStyle("bullet", parent=base, leftIndent=10, bulletIndent=0)
        self.toc = [ParagraphStyle(f"toc{level}", parent=base, leftIndent=12 * level,
                                   fontSize=9.5, leading=13) for level in range(2)]


class _Document(BaseDocTemplate):
    """Headers with the scenario name, page numbers, and outline + TOC entries for headings."""

    def __init__(self, buffer: io.BytesIO, settings: ReportSettings, scenario_name: str,
                 tr: Callable[..., str]):
        size = PAPERS[settings.paper]
        super().__init__(buffer, pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN,
                         topMargin=MARGIN + 6 * mm, bottomMargin=MARGIN,
                         title=f"{tr('LLM deployment proposal')}: {printable(scenario_name)}",
                         author=printable(settings.author), creator=f"llmplan {__version__}")
        self.scenario_name = scenario_name
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._decorate)])
        self._headings = 0

    def _decorate(self, canvas: Canvas, doc: Any) -> None:
        if doc.page == 1:
            return
        width, height = self.pagesize
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        header = charts._fit(printable(self.scenario_name), width - 2 * MARGIN, FONT, 7.5)
        canvas.drawString(MARGIN, height - MARGIN, header)
        canvas.setStrokeColor(colors.HexColor("#bbbbbb"))
        canvas.line(MARGIN, height - MARGIN - 3, width - MARGIN, height - MARGIN - 3)
        canvas.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Paragraph) and flowable.style.name in ("h1", "h2"):
            level = 0 if flowable.style.name == "h1" else 1
            text = flowable.getPlainText()
            key = getattr(flowable, "_bookmark", None)
            if key is None:
                self._headings += 1
                key = flowable._bookmark = f"h{self._headings}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=level, closed=level > 0)
            if level == 0:  # the contents list chapters; the outline has sections too
                self.notify("TOCEntry", (level, text, self.page, key))


def _numbered_canvas(tr: Callable[..., str]) -> type[Canvas]:
    """A canvas that writes 'Page n of N' once it knows N."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any):
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                if self._pageNumber > 1:
                    width = self._pagesize[0]
                    self.setFont(FONT, 7.5)
                    self.setFillColor(colors.HexColor("#555555"))
                    self.drawRightString(width - MARGIN, MARGIN - 10,
                                         tr("Page {0} of {1}", self._pageNumber, total))
                super().showPage()
            super().save()

    return NumberedCanvas


class _Builder:
    def __init__(self, plan: Plan, scenario: Scenario, catalog: PriceCatalog,
                 settings: ReportSettings, catalog_label: str, width: float):
        self.plan, self.scenario, self.catalog = plan, scenario, catalog
        self.settings = settings
        self.language = settings.language
        self.tr = words(self.language)
        self.catalog_label = catalog_label
        self.width = width
        self.styles = _Styles()
        self.today = settings.today or date.today()

    # -- helpers --

    def money(self, value: float | None, digits: int = 0) -> str:
        return money(value, self.plan.currency, self.language, digits)

    def number(self, value: float | None, digits: int = 0) -> str:
        return self.tr("unknown") if value is None else number(value, digits, self.language)

    def kind(self, kind: str) -> str:
        return self.tr(kind)

    def paragraph(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(text, style or self.styles.body)

    def bullets(self, items: list[str]) -> list[Flowable]:
        return [Paragraph(item, self.styles.bullet, bulletText="•") for item in items]

    def table(self, header: list[str], rows: list[list[str]], widths: list[float],
              numeric: set[int] | None = None, spans: tuple[int, ...] = ()) -> Table:
        """A table of escaped texts that wraps in its cells and repeats its header; the rows
        in spans (0 = first body row) are one cell across the table."""
        numeric = numeric or set()
        styles = self.styles
        data = [[Paragraph(escape(text), styles.head_right if i in numeric else styles.head)
                 for i, text in enumerate(header)]]
        for row in rows:
            data.append([Paragraph(text, styles.cell_right if i in numeric else styles.cell)
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

    def h1(self, text: str) -> Paragraph:
        return Paragraph(escape(text), self.styles.h1)

    def h2(self, text: str) -> Paragraph:
        return Paragraph(plain(text), self.styles.h2)

    # -- sections --

    def story(self) -> list[Flowable]:
        story: list[Flowable] = []
        for part in (self.cover, self.summary, self.requirements, self.costs, self.levers,
                     self.criteria, self.assumptions):
            story += part()
        return story

    def cover(self) -> list[Flowable]:
        tr, styles, settings = self.tr, self.styles, self.settings
        story: list[Flowable] = [Spacer(1, 30 * mm),
                                 Paragraph(escape(tr("LLM deployment proposal")), styles.title),
                                 Paragraph(plain(self.plan.scenario), styles.subtitle)]
        if self.scenario.description:
            story.append(Paragraph(plain(self.scenario.description), styles.body))
        rows = [(tr("Organisation"), settings.organisation), (tr("Author"), settings.author),
                (tr("Date"), day(self.today, self.language)),
                (tr("Scenario"), self.plan.scenario),
                (tr("Price catalog"), ", ".join(filter(None, [
                    self.catalog_label, tr("prices retrieved {0}", self.catalog.retrieved),
                    self.price_span()])))]
        story += [Spacer(1, 10 * mm),
                  self.table(["", ""], [[escape(label), plain(value)]
                                        for label, value in rows if value], [1, 3]),
                  Spacer(1, 12 * mm), Paragraph(escape(tr("Contents")), styles.contents)]
        contents = TableOfContents()
        contents.levelStyles = styles.toc
        contents.dotsMinLevel = 0
        story += [contents, PageBreak()]
        return story

    def price_span(self) -> str:
        """'prices dated 2024-05 to 2025-10': the dates the prices behind the plan were true."""
        dated = sorted(p.price_date for p in self.ages().prices if p.price_date)
        if not dated:
            return ""
        if dated[0] == dated[-1]:
            return self.tr("prices dated {0}", dated[0])
        return self.tr("prices dated {0} to {1}", dated[0], dated[-1])

    def summary(self) -> list[Flowable]:
        plan, tr = self.plan, self.tr
        recommendation = plan.recommendation
        story: list[Flowable] = [self.h1(tr("Executive summary"))]
        if recommendation.option:
            story.append(self.paragraph("<b>" + plain(tr("Recommendation: {0}",
                                                         recommendation.option)) + "</b>"))
        else:
            story.append(self.paragraph(escape(tr("No option can be recommended."))))
        story += self.bullets([plain(reason) for reason in recommendation.reasons])
        story.append(self.h2(tr("Yearly cost")))
        story.append(self.table(
            [tr("Option"), tr("Kind"), tr("per year"), tr("TCO, {0} months", plan.horizon_months),
             tr("per 1,000 requests")],
            [[plain(o.name) + (" ★" if o.name == recommendation.option else ""),
              escape(self.kind(o.kind)), self.money(o.per_year), self.money(o.tco),
              self.money(o.per_1k_requests, 2)] for o in plan.options],
            [3.2, 2.2, 1.5, 1.6, 1.3], numeric={2, 3, 4}))
        sentences = self.break_even_sentences() + self.payback_sentences()
        if sentences:
            story.append(self.h2(tr("Break-even") + " · " + tr("Payback")))
            story += self.bullets(sentences)
        story.append(self.h2(tr("Main risks")))
        story += self.bullets(self.risks() or [escape(tr("No risk stands out in the figures."))])
        story.append(PageBreak())
        return story

    def break_even_sentences(self) -> list[str]:
        """Each break-even with the recommended option (all of them when there is none)."""
        tr, chosen = self.tr, self.plan.recommendation.option
        out = []
        for item in self.plan.break_even:
            if chosen and chosen not in (item.a, item.b):
                continue
            if item.requests_per_day is None:
                out.append(plain(tr("{0} and {1}: {2}", item.a, item.b, item.note)))
            else:
                out.append(plain(tr(
                    "{0} and {1} cost the same at {2} requests a day; above it {3} is cheaper.",
                    item.a, item.b, self.number(item.requests_per_day),
                    item.cheaper_above or "—")))
        return out

    def payback_sentences(self) -> list[str]:
        tr, out = self.tr, []
        for item in self.plan.payback:
            if item.month is None:
                text = tr("Buying {0} does not pay back against {1} within {2} months.",
                          item.onprem, item.against, self.plan.horizon_months)
            else:
                text = tr("Buying {0} pays back against {1} in month {2}.", item.onprem,
                          item.against, item.month)
            if self.plan.decline_curves and item.month_with_price_decline != item.month:
                text += (tr(" With API prices falling: month {0}.", item.month_with_price_decline)
                         if item.month_with_price_decline is not None
                         else tr(" With API prices falling: not within the horizon."))
            out.append(plain(text))
        return out

    def risks(self) -> list[str]:
        plan, tr = self.plan, self.tr
        out = []
        chosen = plan.recommendation.option
        for item in plan.sensitivity:
            if item.option == chosen and item.bars:
                bar = max(item.bars, key=lambda b: abs(b.high - b.low))
                out.append(plain(tr(
                    "{0}'s yearly cost ranges from {1} to {2} when {3} moves by ±{4} %.",
                    item.option, self.money(min(bar.low, bar.high)),
                    self.money(max(bar.low, bar.high)), bar.label,
                    self.number(plan.sensitivity_pct))))
        for option in plan.options:
            if option.cost.carries is False:
                out.append(plain(tr("{0} cannot carry the workload with the units given.",
                                    option.name)))
            if option.per_year is None:
                out.append(plain(tr("{0} has an unknown price, so its cost is unknown.",
                                    option.name)))
            use = option.cost.utilisation
            if option.kind != "api" and use is not None and use < 0.3:
                out.append(plain(tr("{0}'s GPUs are busy only {1} of the service hours.",
                                    option.name, share(use, self.language))))
        stale = self.ages().stale
        if stale:
            out.append(escape(tr("{0} price(s) are older than {1} days or undated; re-check "
                                 "them before deciding.", len(stale),
                                 self.number(self.settings.max_price_age_days))))
        if plan.notes:
            out.append(escape(tr("The plan carries {0} note(s); see Assumptions.",
                                 len(plan.notes))))
        return out

    def ages(self) -> Any:
        return staleness(price_dates(self.plan, self.scenario, self.catalog), self.today,
                         self.settings.max_price_age_days)

    def requirements(self) -> list[Flowable]:
        plan, tr, scenario = self.plan, self.tr, self.scenario
        workload = plan.workload
        story: list[Flowable] = [self.h1(tr("Requirements")), self.h2(tr("Workload"))]
        per_day = workload.hourly_requests * workload.hours_per_day
        target_ttft = (f"{self.number(workload.ttft_target_s, 2)} s"
                       if workload.ttft_target_s else tr("not set"))
        target_speed = (f"{self.number(workload.tokens_per_s_per_user, 1)} tokens/s"
                        if workload.tokens_per_s_per_user else tr("not set"))
        rows = [(tr("Requests per service hour"), self.number(workload.hourly_requests, 1)),
                (tr("Requests per day"), self.number(per_day)),
                (tr("Requests per year"), self.number(per_day * workload.days_per_year)),
                (tr("Prompt tokens per request"), self.number(workload.prompt_tokens)),
                (tr("Answer tokens per request"), self.number(workload.completion_tokens)),
                (tr("Service hours per day"), self.number(workload.hours_per_day, 1)),
                (tr("Service days per year"), self.number(workload.days_per_year)),
                (tr("Peak over average load"), self.number(workload.peak_to_average, 2)),
                (tr("Growth per year"), share(workload.growth_per_year, self.language)),
                (tr("Time to first token target"), target_ttft),
                (tr("Decode speed target per user"), target_speed)]
        story.append(self.table([tr("Input"), tr("Value")],
                                [[escape(a), escape(b)] for a, b in rows], [3, 2], {1}))
        story.append(self.h2(tr("Model and memory")))
        if scenario.model is not None:
            model = scenario.model
            story.append(self.paragraph(plain(tr(
                "Self-hosted model: {0}, {1}, engine {2}, KV cache {3}.", model.id, model.quant,
                model.engine or "default", model.kv_quant))))
        if plan.memory is not None:
            memory = plan.memory
            story.append(self.paragraph(plain(tr(
                "Memory by {0}: {1} parameters ({2}); weights {3}, adapter {4}, fine-tuning {5}, "
                "serving {6}.", memory.rule, self.number(memory.params), memory.params_basis,
                self.gb(memory.weights_bytes), self.gb(memory.adapter_bytes, 2),
                self.gb(memory.finetune_bytes), self.gb(memory.serving_bytes)))))
        fit_rows, chart_rows = [], []
        for option in plan.options:
            capacity = option.cost.capacity
            replica = capacity.replica if capacity else None
            if capacity is None:
                continue
            result = replica.fit if replica else None
            card = result.per_gpu if result else None
            used = (f"{option.cost.units} ({share(option.cost.utilisation, self.language)})"
                    if option.cost.utilisation is not None else str(option.cost.units))
            fit_rows.append([
                plain(option.name) + "<br/>" + plain(f"{option.model or ''} {option.quant or ''}"),
                self.number(replica.gpus) if replica and replica.gpus else "—",
                self.number(replica.batch) if replica else "—",
                self.number(replica.decode_tokens_per_s, 1)
                if replica and replica.decode_tokens_per_s else "—",
                f"{self.number(replica.ttft_s, 2)} s" if replica and replica.ttft_s else "—",
                (f"{self.gib(card.weights + card.kv_cache + card.overhead)} / "
                 f"{self.gib(result.gpu_memory_bytes)}"
                 if card and result and result.gpu_memory_bytes else "—"),
                self.gib(result.headroom_bytes) if result and result.headroom_bytes is not None
                else "—",
                used])
            if card is not None and result is not None:
                chart_rows.append((option.name, card.weights / GiB, card.kv_cache / GiB,
                                   card.overhead / GiB,
                                   (result.gpu_memory_bytes or 0) / GiB or None))
        if fit_rows:
            story.append(self.h2(tr("Fit and speed")))
            story.append(self.table(
                [tr("Option"), tr("GPUs per replica"), tr("Batch"), tr("Tokens/s per user"),
                 tr("Time to first token"), tr("Memory per GPU"), tr("Headroom"),
                 tr("Units (load)")],
                fit_rows, [3, 1.1, 0.9, 1.2, 1.2, 1.8, 1.4, 1.3], {1, 2, 3, 4, 5, 6}))
            for option in plan.options:
                if option.cost.capacity is not None:
                    story.append(self.paragraph(plain(option.name) + ": " + plain(tr(
                        "Capacity: {0}.", option.cost.capacity.basis)), self.styles.small))
        if chart_rows:
            story.append(Spacer(1, 4 * mm))
            story.append(charts.memory_chart(
                tr("Memory per GPU of each self-hosted option [GiB]"), chart_rows,
                (tr("weights"), tr("KV cache"), tr("overhead")), tr("GPU memory"), self.width,
                self.language))
        story.append(self.h2(tr("Hardware")))
        if scenario.hardware:
            for name, profile in scenario.hardware.items():
                gpus = ", ".join(f"{gpu.name} ({self.gib(gpu.memory_total_bytes)})"
                                 for gpu in profile.gpus) or "—"
                story.append(self.paragraph(plain(f"{name}: ") + plain(tr(
                    "Probed: {0}, taken {1}, via {2}: {3}.", profile.host.name or "?",
                    profile.taken_at, profile.source + (" over SSH" if profile.via_ssh else ""),
                    gpus))))
        else:
            story.append(self.paragraph(escape(tr(
                "No hardware was probed; GPUs come from the catalog or the options."))))
        story.append(PageBreak())
        return story

    def gib(self, value: float | None, digits: int = 1) -> str:
        return "—" if value is None else f"{self.number(value / GiB, digits)} GiB"

    def gb(self, value: float, digits: int = 1) -> str:
        return f"{self.number(value / GB, digits)} GB"

    def costs(self) -> list[Flowable]:
        plan, tr = self.plan, self.tr
        story: list[Flowable] = [self.h1(tr("Cost comparison"))]
        for option in plan.options:
            story += self.option_block(option)
        story.append(Spacer(1, 6 * mm))
        story.append(CondPageBreak(90 * mm))
        story.append(self.cumulative_chart())
        story.append(Spacer(1, 6 * mm))
        story.append(CondPageBreak(90 * mm))
        story.append(self.volume_chart())
        for tornado in plan.sensitivity:
            story.append(Spacer(1, 5 * mm))
            story.append(KeepTogether([charts.tornado_chart(
                tr("Sensitivity of {0}: yearly cost with each input at ±{1} % [{2}]",
                   printable(tornado.option), self.number(plan.sensitivity_pct), plan.currency),
                tornado.base, [(b.label, b.low, b.high) for b in tornado.bars], self.width,
                self.language)]))
        if plan.break_even or plan.payback:
            story.append(self.h2(tr("Break-even and payback")))
            rows = []
            for item in plan.break_even:
                if item.requests_per_day is None:
                    result = plain(item.note or tr("no break-even in range"))
                else:
                    result = plain(tr("{0} requests a day; above it {1} is cheaper.",
                                      self.number(item.requests_per_day),
                                      item.cheaper_above or "—"))
                    extra = item.note.partition("; ")[2]  # the note restates the sentence
                    result += f" {plain(extra)}" if extra else ""
                rows.append([plain(f"{tr('Break-even')}: {item.name}"), result])
            for payback in plan.payback:
                month = (tr("month {0}", payback.month) if payback.month is not None
                         else tr("not within the horizon"))
                rows.append([plain(f"{tr('Payback')}: {payback.name}"), escape(month)])
            story.append(self.table([tr("Comparison"), tr("Result")], rows, [2, 3]))
        story.append(PageBreak())
        return story

    def option_block(self, option: Any) -> list[Flowable]:
        tr, plan = self.tr, self.plan
        cost = option.cost
        title = option.name + (" ★" if option.name == plan.recommendation.option else "")
        figures = [f"{tr('per month')}: <b>{self.money(option.per_month)}</b>",
                   f"{tr('per year')}: <b>{self.money(option.per_year)}</b>",
                   f"{tr('TCO, {0} months', plan.horizon_months)}: <b>{self.money(option.tco)}</b>",
                   f"{tr('per 1,000 requests')}: {self.money(option.per_1k_requests, 2)}",
                   f"{tr('per 1M tokens')}: {self.money(option.per_1m_tokens, 2)}"]
        rows = []
        for line in cost.lines:
            _, _, per_month = per_period(line.per_year, plan.workload, plan.month_days)
            rows.append([plain(line.label), self.money(per_month), self.money(line.per_year),
                         self.money(line.one_off) if line.one_off else "",
                         plain(line.note)])
        block: list[Flowable] = [
            self.h2(title),
            self.paragraph(escape(self.kind(option.kind))
                           + (" · " + plain(f"{option.model} {option.quant or ''}")
                              if option.model else ""), self.styles.small),
            self.paragraph(" · ".join(figures)),
            Spacer(1, 2 * mm),
            self.table([tr("Item"), tr("per month"), tr("per year"), tr("one-off"), tr("Note")],
                       rows, [2.6, 1.3, 1.4, 1.3, 3.4], {1, 2, 3}),
            self.paragraph(plain(tr("Source: {0}, prices of {1}.",
                                    option.source or tr("figures in the scenario"),
                                    option.price_date or tr("no date"))), self.styles.small)]
        block += [self.paragraph(plain(note), self.styles.small) for note in option.notes]
        return [KeepTogether(block[:4]), *block[4:]]

    def cumulative_chart(self) -> Drawing:
        plan, tr = self.plan, self.tr
        months = list(range(plan.horizon_months + 1))
        series = [charts.Series(curve.name, months, curve.values, index)
                  for index, curve in enumerate(plan.curves) if curve.values is not None]
        names = [curve.name for curve in plan.curves]
        series += [charts.Series(tr("{0}, API prices falling", curve.name), months,
                                 curve.values,
                                 names.index(curve.name), dashed=True)
                   for curve in plan.decline_curves
                   if curve.values is not None and curve.name in names]
        markers = [(float(p.month), tr("payback {0}", p.name)) for p in plan.payback
                   if p.month is not None]
        return charts.line_chart(tr("Cumulative cost over {0} months [{1}]",
                                    plan.horizon_months, plan.currency),
                                 series, markers, tr("month"), self.width, self.language)

    def volume_chart(self) -> Drawing:
        plan, tr = self.plan, self.tr
        series = []
        for index, option in enumerate(plan.options):
            points = [(point.requests_per_day, cost) for point in plan.volume_curve
                      for name, cost, *_ in point.costs if name == option.name
                      and cost is not None]
            series.append(charts.Series(option.name, [x for x, _ in points],
                                        [y for _, y in points], index))
        markers = [(point.requests_per_day, tr("this scenario")) for point in plan.volume_curve
                   if point.multiplier == 1 and point.requests_per_day > 0]
        chosen = plan.recommendation.option
        markers += [(item.requests_per_day, tr("break-even {0}", item.name))
                    for item in plan.break_even
                    if item.requests_per_day and item.requests_per_day > 0
                    and (chosen is None or chosen in (item.a, item.b))]
        return charts.line_chart(tr("Cost per year against volume [{0}]", plan.currency),
                                 series, markers, tr("requests per day (log scale)"),
                                 self.width, self.language, log_x=True)

    def levers(self) -> list[Flowable]:
        plan, tr = self.plan, self.tr
        if not plan.levers:
            return []
        rows: list[list[str]] = []
        spans = []
        for lever in plan.levers:
            spans.append(len(rows))
            rows.append(["<b>" + plain(lever.name) + "</b>: " + plain(lever.assumption),
                         "", "", ""])
            for option, before, after in lever.savings:
                saving = None if before is None or after is None else before - after
                rows.append(["", plain(option), self.money(saving),
                             share(saving / before, self.language)
                             if saving is not None and before else "—"])
        return [self.h1(tr("Levers to cut cost")),
                self.paragraph(escape(tr("The levers of seed 002 applied one at a time; a "
                                         "negative saving costs more."))),
                Spacer(1, 2 * mm),
                self.table([tr("Lever"), tr("Option"), tr("Saving per year"), tr("Share")],
                           rows, [1, 4, 1.6, 1], {2, 3}, spans=tuple(spans))]

    def criteria(self) -> list[Flowable]:
        plan, tr, scenario = self.plan, self.tr, self.scenario
        names = CRITERIA
        weights = [[escape(tr(name)), self.number(scenario.criteria_weights.get(name, 0.0), 1)]
                   for name in names]
        scores = []
        for option, total, by_criterion in plan.recommendation.scores:
            scores.append([plain(option), self.number(total, 2) if total is not None else "—",
                           *(self.number(by_criterion.get(name), 1)
                             if name in by_criterion else "—" for name in names)])
        return [CondPageBreak(70 * mm), self.h1(tr("Non-cost criteria")),
                KeepTogether([self.table([tr("Criterion"), tr("Weight")], weights, [3, 1], {1})]),
                Spacer(1, 4 * mm),
                self.table([tr("Option"), tr("Weighted total"), *(tr(name) for name in names)],
                           scores, [3, 1.2, *([1.2] * len(names))],
                           set(range(1, len(names) + 2))),
                self.paragraph(escape(tr("Scores 0-5 (5 best); cost scores follow the yearly "
                                         "cost, the others are the planner's.")),
                               self.styles.small),
                PageBreak()]

    def assumptions(self) -> list[Flowable]:
        plan, tr = self.plan, self.tr
        story: list[Flowable] = [self.h1(tr("Assumptions")), self.h2(tr("Inputs"))]
        default = " <font color='#777777'>" + escape(tr("(default)")) + "</font>"
        rows: list[list[str]] = []
        spans = []
        for group, items in _inputs(self.scenario).items():
            if group:
                spans.append(len(rows))
                rows.append(["<b>" + plain(group) + "</b>", "", "", ""])
            cells = [(plain(name), plain(value) + (default if is_default else ""))
                     for name, value, is_default in items]
            half = (len(cells) + 1) // 2
            for left, right in zip(cells[:half], [*cells[half:], ("", "")], strict=False):
                rows.append([*left, *right])
        story.append(self.table([tr("Input"), tr("Value"), tr("Input"), tr("Value")], rows,
                                [2.2, 1.8, 2.2, 1.8], spans=tuple(spans)))
        story.append(self.h2(tr("Prices and their dates")))
        age_rows = []
        for price in self.ages().prices:
            age = (tr("{0} days", self.number(price.age_days)) if price.age_days is not None
                   else "—")
            age_rows.append([plain(price.label), plain(price.price_date or tr("no date")),
                             escape(age)])
        story.append(self.table([tr("Price"), tr("Date"), tr("Age")], age_rows, [5, 1.4, 1.2],
                                {2}))
        story.append(self.h2(tr("What is not included")))
        story += self.bullets([escape(text) for text in self.not_included()])
        if plan.references:
            story.append(self.h2(tr("Where the source's arithmetic differs")))
            rows = [[plain(check.label), _figure(check.quoted, self.language),
                     _figure(check.computed, self.language) if check.computed is not None
                     else "—",
                     escape(tr("agrees") if check.agrees else tr("differs")),
                     plain(check.explanation) + "<br/>" + plain(check.source)]
                    for check in plan.references]
            story.append(self.table([tr("Item"), tr("Quoted"), tr("Computed"), "",
                                     tr("Note")], rows, [2.6, 1.2, 1.2, 0.9, 4], {1, 2}))
        if plan.notes:  # the scenario's own notes first
            story.append(self.h2(tr("Notes")))
            story += self.bullets([plain(note) for note in plan.notes])
        return story

    def not_included(self) -> list[str]:
        tr, hosting = self.tr, self.scenario.self_hosting
        items = [tr("Taxes (VAT) and discounts negotiated with vendors."),
                 tr("Building the application around the model: integration, retrieval (RAG), "
                    "user interface and testing."),
                 tr("Preparing training data and evaluating fine-tuned models.")]
        self_hosted = any(option.kind != "api" for option in self.plan.options)
        if self_hosted and not (hosting.staff_fte and hosting.staff_cost_per_fte_year):
            items.append(tr("Staff to run the service (no staff cost was given)."))
        if self_hosted and not hosting.finetune_runs_per_year:
            items.append(tr("Fine-tuning runs (none were given)."))
        items += [tr("Network egress beyond the per-request transfer of each option."),
                  tr("Price and exchange-rate changes after the dates listed above, except the "
                     "API price decline given."),
                  tr("Outages beyond the spare units planned, and the business cost of "
                     "downtime.")]
        return items


def _figure(value: float, language: str) -> str:
    digits = 0 if abs(value) >= 100 else 2 if abs(value) >= 1 else 4
    return number(value, digits, language)


def _inputs(scenario: Scenario) -> dict[str, list[tuple[str, str, bool]]]:
    """Every scenario input, defaults included, as (name, value, is the default) by group:
    the scenario's own fields, then workload, each option, model, self-hosting and levers."""
    groups: dict[str, list[tuple[str, str, bool]]] = {"": []}

    def text(value: Any) -> str:
        if value is None:
            return "—"
        if isinstance(value, float):
            return f"{value:g}"
        if isinstance(value, tuple):
            return ", ".join(map(text, value))
        if isinstance(value, dict):
            return ", ".join(f"{key}: {text(item)}" for key, item in value.items()) or "—"
        return str(value)

    def default_of(item: Any) -> Any:
        if item.default is not MISSING:
            return item.default
        if item.default_factory is not MISSING:
            return item.default_factory()
        return MISSING

    def walk(value: Any, group: str, prefix: str) -> None:
        for item in fields(value):
            current = getattr(value, item.name)
            name = f"{prefix}{item.name}"
            if is_dataclass(current):
                walk(current, group, f"{name}.")
            elif (isinstance(current, dict) and current
                  and all(is_dataclass(v) for v in current.values())):
                for key, element in current.items():
                    groups[group].append((f"{name}.{key}", str(getattr(element, "label", key)),
                                          False))
            else:
                default = default_of(item)
                groups[group].append((name, text(current),
                                      default is not MISSING and current == default))

    for item in fields(scenario):
        value = getattr(scenario, item.name)
        if item.name in ("name", "description", "notes", "reference_figures"):
            continue  # on the cover, or checked in their own table
        if isinstance(value, tuple) and value and is_dataclass(value[0]):
            for index, element in enumerate(value):
                label = getattr(element, "name", None) or getattr(element, "label", "")
                group = f"{item.name}[{index}]" + (f": {label}" if label else "")
                groups[group] = []
                walk(element, group, "")
        elif is_dataclass(value):
            groups[item.name] = []
            walk(value, item.name, "")
        else:
            default = default_of(item)
            groups[""].append((item.name, text(value),
                               default is not MISSING and value == default))
    return groups


def build_report(plan: Plan, scenario: Scenario, catalog: PriceCatalog,
                 settings: ReportSettings = ReportSettings(), catalog_label: str = "") -> bytes:
    """The proposal as PDF bytes.

    Raises:
        ValueError: an unknown paper size or language (callers check user input first).
    """
    if settings.paper not in PAPERS or settings.language not in LANGUAGES:
        raise ValueError(f"paper {settings.paper!r} or language {settings.language!r} unknown")
    register_fonts()
    tr = words(settings.language)
    buffer = io.BytesIO()
    document = _Document(buffer, settings, plan.scenario, tr)
    builder = _Builder(plan, scenario, catalog, settings, catalog_label, document.width)
    document.multiBuild(builder.story(), canvasmaker=_numbered_canvas(tr))
    return buffer.getvalue()
