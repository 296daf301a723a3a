"""The proposal as a reportlab document: cover, summary, requirements, costs, levers, criteria
and assumptions, from one Plan. User text is escaped, so it prints as typed."""

import io

from reportlab.platypus import Flowable

from core.costing.results import Plan
from core.costing.scenario import Scenario
from core.costing.uncertainty import UncertaintyResult
from core.i18n.message import Arg
from core.pricing.catalog import PriceCatalog
from core.report.appendix import AppendixSections
from core.report.cost_pages import CostSections
from core.report.layout import (
    LANGUAGE,
    PAPERS,
    Document,
    ReportSettings,
    numbered_canvas,
    register_fonts,
)
from core.report.requirements import RequirementsSection
from core.report.summary import SummarySections
from core.report.uncertainty_page import UncertaintySections
from core.report.words import LANGUAGES, words

__all__ = ["ReportSettings", "build_report"]


class _Builder(SummarySections, RequirementsSection, CostSections, UncertaintySections,
               AppendixSections):
    """All chapters of one proposal, in order."""

    def story(self) -> list[Flowable]:
        story: list[Flowable] = []
        for part in (self.cover, self.summary, self.requirements, self.costs, self.how_sure,
                     self.levers, self.criteria, self.assumptions):
            story += part()
        return story

def build_report(plan: Plan, scenario: Scenario, catalog: PriceCatalog,
                 settings: ReportSettings | None = None, catalog_label: Arg = "",
                 uncertainty: UncertaintyResult | None = None) -> bytes:
    """The proposal as PDF bytes; with `uncertainty`, the page "How sure are we" follows the
    costs.

    Raises:
        ValueError: an unknown paper size or language (callers check user input first).
    """
    settings = settings or ReportSettings()
    if settings.paper not in PAPERS or settings.language not in LANGUAGES:
        raise ValueError(f"paper {settings.paper!r} or language {settings.language!r} unknown")
    register_fonts()
    tr = words(settings.language)
    buffer = io.BytesIO()
    token = LANGUAGE.set(settings.language)
    try:
        document = Document(buffer, settings, plan.scenario, tr)
        builder = _Builder(plan, scenario, catalog, settings, catalog_label, document.width)
        builder.uncertainty = uncertainty
        document.multiBuild(builder.story(), canvasmaker=numbered_canvas(tr))
    finally:
        LANGUAGE.reset(token)
    return buffer.getvalue()
