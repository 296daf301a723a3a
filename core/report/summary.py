"""The cover (with the contents) and the executive summary: recommendation, yearly cost,
break-even and payback in sentences, and the main risks."""

from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Spacer,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from core.costing.inputs import jurisdiction
from core.i18n.message import Count, Day, Message, Money, Name, Share, join, msg
from core.i18n.message import Text as Said
from core.pricing.ages import staleness
from core.pricing.catalog import KINDS, entries
from core.report.blocks import Blocks
from core.report.layout import FONT, Text, plain
from core.report.words import day, share


class SummarySections(Blocks):

    def cover(self) -> list[Flowable]:
        tr, styles, settings = self.tr, self.styles, self.settings
        story: list[Flowable] = [Spacer(1, 30 * mm),
                                 Text(escape(tr("LLM deployment proposal")), styles.title),
                                 Text(plain(self.plan.scenario), styles.subtitle)]
        if self.scenario.description:
            story.append(Text(plain(self.scenario.description), styles.body))
        rows = [(tr("Organisation"), settings.organisation), (tr("Author"), settings.author),
                (tr("Date"), day(self.today, self.language)),
                (tr("Scenario"), self.plan.scenario),
                (tr("Price catalog"), ", ".join(filter(None, [
                    self.render(self.catalog_label),
                    tr("prices retrieved {0}", Day(self.catalog.retrieved))
                    if self.catalog.retrieved else "",
                    self.price_span()]))),
                (tr("Oldest price"), self.oldest_prices())]
        story += [Spacer(1, 10 * mm),
                  self.table(["", ""], [[escape(label), plain(value)]
                                        for label, value in rows if value], [1, 3]),
                  Spacer(1, 12 * mm), Text(escape(tr("Contents")), styles.contents)]
        contents = TableOfContents(tableStyle=TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), FONT),  # embedded, as in every table
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        contents.levelStyles = styles.toc
        contents.dotsMinLevel = 0
        story += [contents, PageBreak()]
        return story

    def oldest_prices(self) -> str:
        """The oldest price behind the plan and the catalog's oldest row, each with its date
        and age in days (a board sees on the first page how old the figures are)."""
        tr, out = self.tr, []
        oldest = self.ages().oldest
        if oldest is not None:
            out.append(tr.plural("behind this plan: {0} ({1}, {2} day)",
                                 "behind this plan: {0} ({1}, {2} days)", oldest.age_days or 0,
                                 oldest.label, Day(oldest.price_date or ""),
                                 oldest.age_days or 0))
        rows = [(entry.id, entry.price_date) for kind in KINDS
                for entry in entries(self.catalog, kind)]
        catalog = staleness(rows, self.today, self.settings.max_price_age_days)
        if catalog.oldest is not None and (oldest is None or (catalog.oldest.age_days or 0)
                                           > (oldest.age_days or 0)):
            out.append(tr.plural("in the catalog: {0} ({1}, {2} day)",
                                 "in the catalog: {0} ({1}, {2} days)",
                                 catalog.oldest.age_days or 0, catalog.oldest.label,
                                 Day(catalog.oldest.price_date or ""),
                                 catalog.oldest.age_days or 0))
        undated = sum(1 for _, when in rows if not when)
        if undated:
            out.append(tr.plural("{0} catalog row undated", "{0} catalog rows undated",
                                 undated, undated))
        return "; ".join(out)

    def decision(self) -> Message:
        """One sentence: what is recommended, at what cost, and what the board is asked to
        decide."""
        plan = self.plan
        chosen = plan.option(plan.recommendation.option) if plan.recommendation.option else None
        if chosen is None or chosen.per_year is None:
            return msg("No option can be recommended for this workload; the board is asked to "
                       "decide which requirement to relax (volume, speed, data residency or "
                       "budget) before any purchase.")
        yearly = Money(chosen.per_year, plan.currency)
        total = Money(chosen.tco, plan.currency)
        months = Count(plan.horizon_months)
        name = Name(chosen.name)
        if chosen.kind == "api":
            return msg("We recommend {option}, a pay-per-token API, at about {yearly} a year "
                       "({total} over {months} months); the board is asked to approve a "
                       "contract with its provider.", option=name, yearly=yearly, total=total,
                       months=months)
        if chosen.kind == "cloud":
            return msg("We recommend renting cloud GPUs as {option} at about {yearly} a year "
                       "({total} over {months} months); the board is asked to approve the "
                       "rental.", option=name, yearly=yearly, total=total, months=months)
        if chosen.kind == "hybrid" and len(chosen.parts) == 2:
            return msg("We recommend {option}: {base} carries the base load and {overflow} the "
                       "peaks, at about {yearly} a year ({total} over {months} months); the "
                       "board is asked to approve both parts.", option=name,
                       base=Name(chosen.parts[0]), overflow=Name(chosen.parts[1]),
                       yearly=yearly, total=total, months=months)
        if chosen.cost.capex > 0:
            return msg("We recommend {option} at about {yearly} a year ({total} over {months} "
                       "months); the board is asked to approve buying the servers for "
                       "{capex}.", option=name, yearly=yearly, total=total, months=months,
                       capex=Money(chosen.cost.capex, plan.currency))
        return msg("We recommend {option} at about {yearly} a year ({total} over {months} "
                   "months) on servers already owned; the board is asked to approve running "
                   "them for this service.", option=name, yearly=yearly, total=total,
                   months=months)

    def price_span(self) -> str:
        """'prices dated 2024-05 to 2025-10': the dates the prices behind the plan were true."""
        dated = sorted(p.price_date for p in self.ages().prices if p.price_date)
        if not dated:
            return ""
        if dated[0] == dated[-1]:
            return self.tr("prices dated {0}", Day(dated[0]))
        return self.tr("prices dated {0} to {1}", Day(dated[0]), Day(dated[-1]))

    def summary(self) -> list[Flowable]:
        plan, tr = self.plan, self.tr
        recommendation = plan.recommendation
        story: list[Flowable] = [self.h1(tr("Executive summary")),
                                 self.paragraph(plain(self.decision()))]
        if recommendation.option:
            story.append(self.paragraph("<b>" + plain(tr("Recommendation: {0}",
                                                         recommendation.option)) + "</b>"))
        else:
            story.append(self.paragraph(escape(tr("No option can be recommended."))))
        story += self.bullets([plain(reason) for reason in recommendation.reasons])
        story.append(self.h2(tr("Yearly cost")))
        story.append(self.table(
            [tr("Option"), tr("Kind"), tr("per year"),
             tr("Cost over {0} months (depreciated)", plan.horizon_months),
             tr("per 1,000 requests")],
            [[plain(o.name) + (" ★" if o.name == recommendation.option else ""),
              escape(self.kind(o.kind)), self.money(o.per_year), self.money(o.tco),
              self.money(o.per_1k_requests, 2)] for o in plan.options],
            [3.0, 2.0, 1.4, 2.1, 1.3], numeric={2, 3, 4}))
        story += self.residency_and_overflow()
        sentences = self.break_even_sentences() + self.payback_sentences()
        if sentences:
            story.append(self.h2(tr("Break-even") + " · " + tr("Payback")))
            story += self.bullets(sentences)
        story.append(self.h2(tr("Main risks")))
        story += self.bullets(self.risks() or [escape(tr("No risk stands out in the figures."))])
        story.append(PageBreak())
        return story

    def residency_and_overflow(self) -> list[Flowable]:
        """The residency rule with where each option processes data, and what each hybrid
        sends to its overflow."""
        plan, tr = self.plan, self.tr
        story: list[Flowable] = []
        if plan.residency:
            story.append(self.h2(tr("Data residency")))
            story.append(self.paragraph(plain(tr(
                "Data may be processed only in: {0}. Options outside it are costed for "
                "comparison and never recommended.", self.places(plan.residency)))))
            story += self.bullets([
                plain(tr("{0}: data processed in {1} ({2}); outside the rule.", o.name,
                         self.places([j for j in o.jurisdictions if j not in plan.residency]),
                         self.region(o.region) if o.region else tr("region not given")))
                if o.excluded else plain(tr("{0}: data processed in {1}.", o.name,
                                            self.region(o.region)))
                for o in plan.options])
        hybrids = [o for o in plan.options if o.cost.overflow_share is not None]
        if hybrids:
            story.append(self.h2(tr("Base and overflow")))
            story += self.bullets([plain(tr(
                "{0}: {1} carries the load up to its capacity; {2} of the requests go to {3}.",
                o.name, o.parts[0], share(o.cost.overflow_share or 0.0, self.language),
                o.parts[1])) for o in hybrids])
        return story

    def region(self, region: Said) -> str:
        """A region in words: on-premises named as such, the rest as the plan gives it."""
        if not isinstance(region, str):
            return self.render(region)
        return " + ".join(self.tr("the company's premises") if part == "onprem" else part
                          for part in region.split(" + "))

    def places(self, codes: list[str] | tuple[str, ...]) -> str:
        """Jurisdiction codes as a list in words: 'the EU and the company's premises'."""
        return self.render(join([jurisdiction(code) for code in codes]))

    def break_even_sentences(self) -> list[str]:
        """Each break-even with the recommended option (all of them when there is none)."""
        tr, chosen = self.tr, self.plan.recommendation.option
        out = []
        for item in self.plan.break_even:
            if chosen and chosen not in (item.a, item.b):
                continue
            if item.shortfall is not None:
                out.append(plain(tr("{0} and {1}: no break-even; {2}.", item.a, item.b,
                                    self.shortfall(item.shortfall))))
            elif item.requests_per_day is None:
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
            if item.shortfall is not None:
                out.append(plain(tr("Buying {0} has no payback against {1}: {2}.", item.onprem,
                                    item.against, self.shortfall(item.shortfall))))
                continue
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
                    "{0}'s yearly cost ranges from {1} to {2} when {3} moves by ±{4}.",
                    item.option, self.money(min(bar.low, bar.high)),
                    self.money(max(bar.low, bar.high)), bar.label,
                    Share(plan.sensitivity_pct / 100))))
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
            out.append(escape(tr.plural(
                "{0} price is older than {1} days or undated; re-check it before deciding.",
                "{0} prices are older than {1} days or undated; re-check them before deciding.",
                len(stale), len(stale), self.settings.max_price_age_days)))
        if plan.notes:
            out.append(escape(tr.plural("The plan carries {0} note; see Assumptions.",
                                        "The plan carries {0} notes; see Assumptions.",
                                        len(plan.notes), len(plan.notes))))
        return out

