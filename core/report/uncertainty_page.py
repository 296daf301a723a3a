"""The page "How sure are we": the Monte Carlo run of the scenario's ranges in plain sentences,
the probability that each option is the cheapest (and that buying pays back), the cash spent
as a fan chart, and the inputs that drive the spread."""

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from core.costing.uncertainty import UncertaintyResult
from core.costing.uncertainty_text import method_sentence, sentences
from core.report import charts
from core.report.blocks import Blocks
from core.report.layout import plain


class UncertaintySections(Blocks):

    uncertainty: UncertaintyResult | None = None

    def how_sure(self) -> list[Flowable]:
        result, tr = self.uncertainty, self.tr
        if result is None:
            return []
        said = [plain(sentence) for sentence in sentences(result, figures=False)]
        story: list[Flowable] = [self.h1(tr("How sure are we")),
                                 self.paragraph(f"<b>{said[0]}</b>"),
                                 *self.bullets(said[1:]),
                                 self.paragraph(plain(method_sentence(result)),
                                                self.styles.small)]
        rows = []
        for option in result.options:
            tco = option.tco
            rows.append([plain(option.name),
                         *(["-"] * 3 if tco is None else
                           [self.money(tco.p10), self.money(tco.p50), self.money(tco.p90)]),
                         self.share(option.p_cheapest),
                         "-" if option.p_payback_within_horizon is None
                         else self.share(option.p_payback_within_horizon)])
        story += [Spacer(1, 3 * mm), self.table(
            [tr("Option"), tr("P10 over {0} months", result.horizon_months),
             tr("P50"), tr("P90"), tr("cheapest"), tr("pays back")],
            rows, [3, 1.5, 1.5, 1.5, 1.1, 1.1], {1, 2, 3, 4, 5})]
        bars = [(option.name, option.p_cheapest, index)
                for index, option in enumerate(result.options)]
        bars += [(tr("{0}: pays back", option.name), option.p_payback_within_horizon, index)
                 for index, option in enumerate(result.options)
                 if option.p_payback_within_horizon is not None]
        story += [Spacer(1, 4 * mm), KeepTogether([charts.share_bars(
            tr("Probability of being the cheapest over {0} months", result.horizon_months),
            bars, self.width, self.language)])]
        series, bands = [], []
        for index, option in enumerate(result.options):
            if not option.curve:
                continue
            months = [float(month) for month, _ in option.curve]
            series.append(charts.Series(option.name, months,
                                        [band.p50 for _, band in option.curve], index))
            bands.append(charts.Band(months, [band.p10 for _, band in option.curve],
                                     [band.p90 for _, band in option.curve], index))
        story += [Spacer(1, 4 * mm), KeepTogether([charts.line_chart(
            tr("Cash spent over {0} months: median, shaded from P10 to P90 [{1}]",
               result.horizon_months, result.currency),
            series, [], tr("month"), self.width, self.language, plot_height=120,
            bands=bands)])]
        drivers = [driver for driver in result.drivers if driver.share > 0]
        if drivers:
            title = tr("What drives the spread between {0} and {1}", *result.decided_between) \
                if len(result.decided_between) == 2 else tr("What drives the spread")
            story += [Spacer(1, 4 * mm), KeepTogether([charts.share_bars(
                title, [(self.render(driver.label), driver.share, 0) for driver in drivers],
                self.width, self.language)])]
        story += [self.paragraph(plain(note), self.styles.small) for note in result.notes]
        story.append(PageBreak())
        return story

    def share(self, value: float) -> str:
        return charts.share(value, self.language)
