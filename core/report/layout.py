"""The page frame of the proposal: the embedded font, paragraph styles, paper, the document
template (headers, outline and contents entries) and the 'Page n of N' canvas."""

import io
import unicodedata
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

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
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
)

from core import __version__
from core.errors import InputError
from core.i18n.render import render
from core.pricing.ages import DEFAULT_MAX_AGE_DAYS
from core.report import charts
from core.report.bidi import visual
from core.resources import resource_dir

PAPERS = {"a4": A4, "letter": LETTER}
MARGIN = 18 * mm
FONT, BOLD = charts.FONT, charts.BOLD
CELL_SIZE = 7.5  # points: table cells and headers


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


def printable(text: str, ordered: bool = True) -> str:
    """User text as the embedded font can print it: characters it has no glyph for (emoji)
    become their Unicode name in brackets, so nothing is silently lost; right-to-left text is
    put into drawing order unless `ordered` is False (a caller that cuts the text first)."""
    glyphs = pdfmetrics.getFont(FONT).face.charToGlyph
    out = []
    for char in str(text):
        if ord(char) in glyphs or char in "\n\t":
            out.append(char)
        else:
            out.append(f"[{unicodedata.name(char, f'U+{ord(char):04X}')}]")
    return visual("".join(out)) if ordered else "".join(out)


class Text(Paragraph):
    """A Paragraph that remembers its line breaks for the width it was last wrapped to.

    Tables wrap each cell several times (to size rows, to split them over pages, to draw), and
    the table of contents builds the document more than once, all with the same widths; breaking
    a long cell into lines again each time was most of the time a report took."""

    _memo: tuple[float, Any, tuple[Any, ...]] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        memo = self._memo
        if memo is not None and memo[0] == availWidth and memo[1] is self.frags:
            self.width, self._wrapWidths, self.blPara, self.height = memo[2]
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        if hasattr(self, "blPara"):  # not when the width is too small to hold anything
            self._memo = (availWidth, self.frags,
                          (self.width, self._wrapWidths, self.blPara, self.height))
        return size


# The language of the proposal being built: the engine's messages that reach a paragraph or a
# chart through plain() are rendered in it (build_report sets it for the build).
LANGUAGE: ContextVar[str] = ContextVar("report_language", default="en")


def words_of(text: object) -> str:
    """User text as it is; an engine message, label or typed figure in the proposal's
    language."""
    return text if isinstance(text, str) else render(text, LANGUAGE.get())  # type: ignore[arg-type]


def plain(text: object) -> str:
    """User or engine text for a Paragraph: printable, with <, & and > escaped."""
    return escape(printable(words_of(text)))


class Styles:
    def __init__(self) -> None:
        base = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12, bulletFontName=FONT)
        self.body = base
        self.small = ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5)
        self.cell = ParagraphStyle("cell", parent=base, fontSize=CELL_SIZE, leading=9.5)
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
        self.bullet = ParagraphStyle("bullet", parent=base, leftIndent=10, bulletIndent=0,
                                     bulletFontName=FONT)
        self.toc = [ParagraphStyle(f"toc{level}", parent=base, leftIndent=12 * level,
                                   fontSize=9.5, leading=13) for level in range(2)]


class Document(BaseDocTemplate):
    """Headers with the scenario name, page numbers, and outline + TOC entries for headings."""

    def __init__(self, buffer: io.BytesIO, settings: ReportSettings, scenario_name: str,
                 tr: Callable[..., str]):
        size = PAPERS[settings.paper]
        super().__init__(buffer, pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN,
                         topMargin=MARGIN + 6 * mm, bottomMargin=MARGIN,
                         title=f"{tr('LLM deployment proposal')}: "
                               f"{printable(scenario_name, ordered=False)}",
                         author=printable(settings.author or settings.organisation
                                          or f"llmplan {__version__}", ordered=False),
                         subject=tr("Running a language model: fit, speed, cost and a "
                                    "recommendation"),
                         keywords=["LLM", "TCO", tr("LLM deployment proposal")],
                         lang=settings.language,
                         creator=f"llmplan {__version__}")
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
        header = charts._fit(printable(self.scenario_name, ordered=False), width - 2 * MARGIN,
                             FONT, 7.5)
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


def numbered_canvas(tr: Callable[..., str]) -> type[Canvas]:
    """A canvas that writes 'Page n of N' once it knows N."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any):
            # the embedded font from the start: reportlab's default, Helvetica, would be
            # referenced in every page's resources and never embedded
            kwargs["initialFontName"] = kwargs.get("initialFontName") or FONT
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


