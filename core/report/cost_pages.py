"""The cost chapter: each option's cost lines, the cumulative and volume charts, the
sensitivity tornados, and the break-even and payback table."""

from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Spacer,
)

from core.costing.context import per_period
from core.costing.plan_text import CASH_LABEL, TCO_AND_CASH_NOTE, TCO_LABEL
from core.i18n.message import Day, Share
from core.report import charts
from core.report.blocks import Blocks
from core.report.layout import plain, printable


class CostSections(Blocks):

    def costs(self) -> list[Flowable]:
        plan, tr = self.plan, self.tr
        story: list[Flowable] = [self.h1(tr("Cost comparison"))]
        for option in plan.options:
            story += self.option_block(option)
        story.append(Spacer(1, 6 * mm))
        story.append(CondPageBreak(90 * mm))
        story.append(self.cumulative_chart())
        if any(option.tco_differs_from_cash for option in plan.options):
            story.append(self.paragraph(escape(tr(TCO_AND_CASH_NOTE, plan.horizon_months)),
                                        self.styles.small))
        story.append(Spacer(1, 6 * mm))
        story.append(CondPageBreak(90 * mm))
        story.append(self.volume_chart())
        for tornado in plan.sensitivity:
            story.append(Spacer(1, 5 * mm))
            story.append(KeepTogether([charts.tornado_chart(
                tr("Sensitivity of {0}: yearly cost with each input at ±{1} [{2}]",
                   printable(tornado.option), Share(plan.sensitivity_pct / 100), plan.currency),
                tornado.base, [(self.render(b.label), b.low, b.high) for b in tornado.bars],
                self.width,
                self.language)]))
        if plan.break_even or plan.payback:
            story.append(self.h2(tr("Break-even and payback")))
            rows = []
            for item in plan.break_even:
                if item.shortfall is not None:
                    result = plain(tr("No break-even: {0}.", self.shortfall(item.shortfall)))
                elif item.requests_per_day is None:
                    result = plain(item.note or tr("no break-even in range"))
                else:
                    result = plain(tr("{0} requests a day; above it {1} is cheaper.",
                                      self.number(item.requests_per_day),
                                      item.cheaper_above or "—"))
                    # the note's first clause restates the sentence; the details follow it
                    result += "".join("; " + plain(detail) for detail in item.details)
                rows.append([plain(tr("Break-even")) + ": " + plain(item.title), result])
            for payback in plan.payback:
                if payback.shortfall is not None:
                    month = tr("No payback: {0}.", self.shortfall(payback.shortfall))
                else:
                    month = (tr("month {0}", payback.month) if payback.month is not None
                             else tr("not within the horizon"))
                rows.append([plain(tr("Payback")) + ": " + plain(payback.title), plain(month)])
            story.append(self.table([tr("Comparison"), tr("Result")], rows, [2, 3]))
        story.append(PageBreak())
        return story

    def option_block(self, option: Any) -> list[Flowable]:
        tr, plan = self.tr, self.plan
        cost = option.cost
        title = option.name + (" ★" if option.name == plan.recommendation.option else "")
        months = plan.horizon_months
        figures = [f"{tr('per month')}: <b>{self.money(option.per_month)}</b>",
                   f"{tr('per year')}: <b>{self.money(option.per_year)}</b>",
                   f"{escape(tr(TCO_LABEL, months))}: <b>{self.money(option.tco)}</b>"]
        if option.tco_differs_from_cash:
            figures.append(f"{escape(tr(CASH_LABEL, months))}: "
                           f"<b>{self.money(option.cash_by_horizon)}</b>")
        figures += [f"{tr('per 1,000 requests')}: {self.money(option.per_1k_requests, 2)}",
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
            *([self.paragraph(escape(tr(TCO_AND_CASH_NOTE, months)), self.styles.small)]
              if option.tco_differs_from_cash else []),
            Spacer(1, 2 * mm),
            self.table([tr("Item"), tr("per month"), tr("per year"), tr("one-off"), tr("Note")],
                       rows, [2.6, 1.3, 1.4, 1.3, 3.4], {1, 2, 3}),
            self.paragraph(plain(tr("Source: {0}, prices of {1}.",
                                    option.source or tr("figures in the scenario"),
                                    Day(option.price_date) if option.price_date
                                    else tr("no date"))), self.styles.small)]
        block += [self.paragraph(plain(note), self.styles.small) for note in option.notes]
        head = 5 if option.tco_differs_from_cash else 4  # title to the table together
        return [KeepTogether(block[:head]), *block[head:]]

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
        markers = [(float(p.month), tr("payback {0}", p.title)) for p in plan.payback
                   if p.month is not None]
        return charts.line_chart(tr("Cash spent over {0} months, cumulative [{1}]",
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
        markers += [(item.requests_per_day, tr("break-even {0}", item.title))
                    for item in plan.break_even
                    if item.requests_per_day and item.requests_per_day > 0
                    and (chosen is None or chosen in (item.a, item.b))]
        return charts.line_chart(tr("Cost per year against volume [{0}]", plan.currency),
                                 series, markers, tr("requests per day (log scale)"),
                                 self.width, self.language, log_x=True)

