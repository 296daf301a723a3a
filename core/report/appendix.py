"""The closing chapters: levers to cut cost, non-cost criteria, and the assumptions (every
input with its default marked, every price with its date and age, what is not included, and
where a source's arithmetic differs)."""

from dataclasses import MISSING, fields, is_dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Spacer,
)

from core.costing import inputs
from core.costing.inputs import input_for
from core.costing.ranges import Uncertainty
from core.costing.scenario import CRITERIA, Scenario
from core.costing.uncertainty import range_label, range_words
from core.i18n.message import Arg, Count, Day, Name, msg
from core.report.blocks import Blocks
from core.report.layout import plain
from core.report.words import number, share


class AppendixSections(Blocks):

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
        weights = [[escape(self.label(name)),
                    self.number(scenario.criteria_weights.get(name, 0.0), 1)] for name in names]
        scores = []
        for option, total, by_criterion in plan.recommendation.scores:
            scores.append([plain(option), self.number(total, 2) if total is not None else "—",
                           *(self.number(by_criterion.get(name), 1)
                             if name in by_criterion else "—" for name in names)])
        return [CondPageBreak(70 * mm), self.h1(tr("Non-cost criteria")),
                KeepTogether([self.table([tr("Criterion"), tr("Weight")], weights, [3, 1], {1})]),
                Spacer(1, 4 * mm),
                self.table([tr("Option"), tr("Weighted total"),
                            *(self.label(name) for name in names)],
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
        for group, items in _inputs(self.scenario):
            if group:
                spans.append(len(rows))
                rows.append(["<b>" + plain(self.render(group)) + "</b>", "", "", ""])
            cells = [(plain(self.render(name)),
                      plain(self.render(value)) + (default if is_default else ""))
                     for name, value, is_default in items]
            half = (len(cells) + 1) // 2
            for left, right in zip(cells[:half], [*cells[half:], ("", "")], strict=False):
                rows.append([*left, *right])
        story.append(self.table([tr("Input"), tr("Value"), tr("Input"), tr("Value")], rows,
                                [2.2, 1.8, 2.2, 1.8], spans=tuple(spans)))
        story.append(self.h2(tr("Prices and their dates")))
        age_rows = []
        for price in self.ages().prices:
            age = (tr.plural("{0} day", "{0} days", price.age_days, price.age_days)
                   if price.age_days is not None else "—")
            age_rows.append([plain(price.label),
                             plain(tr("no date") if not price.price_date
                                   else self.render(Day(price.price_date))),
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
                     "<br/>".join(plain(text) for text in (check.explanation, check.source)
                                  if text)]
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


Row = tuple[Arg, Arg, bool]


def _inputs(scenario: Scenario) -> list[tuple[Arg, list[Row]]]:
    """Every scenario input, defaults included, as (label, value in words, is the default) by
    group: the scenario's own fields, then workload, each option, model, self-hosting and
    levers. Labels and units come from core.costing.inputs, never the file's field names."""
    groups: list[tuple[Arg, list[Row]]] = [("", [])]

    def default_of(item: Any) -> Any:
        if item.default is not MISSING:
            return item.default
        if item.default_factory is not MISSING:
            return item.default_factory()
        return MISSING

    def walk(value: Any, rows: list[Row], currency: str) -> None:
        for item in fields(value):
            current = getattr(value, item.name)
            if item.name == "kind":
                continue  # the group's title says it
            shown = input_for(type(value).__name__, item.name)
            if item.name == "ranges" and isinstance(value, Uncertainty):
                # each range beside the input it is on (the input shows its likely value)
                rows += [(range_label(scenario, ranged), range_words(ranged), False)
                         for ranged in current]
            elif is_dataclass(current):
                walk(current, rows, currency)
            elif (isinstance(current, dict) and current
                  and all(is_dataclass(v) for v in current.values())):
                for key, element in current.items():
                    rows.append((Name(key), str(getattr(element, "label", key)), False))
            else:
                default = default_of(item)
                rows.append((shown.label, inputs.value(shown.unit, current, currency),
                             default is not MISSING and current == default))

    for item in fields(scenario):
        value = getattr(scenario, item.name)
        if item.name in ("name", "description", "notes", "reference_figures"):
            continue  # on the cover, or checked in their own table
        if isinstance(value, tuple) and value and is_dataclass(value[0]):
            for index, element in enumerate(value):
                label = getattr(element, "name", None) or getattr(element, "label", "")
                rows: list[Row] = []
                groups.append((msg("Option {n}: {name}", n=Count(index + 1), name=Name(str(label))),
                               rows))
                walk(element, rows, getattr(element, "currency", None) or scenario.currency)
        elif is_dataclass(value):
            rows = []
            groups.append((inputs.GROUPS.get(item.name, Name(item.name)), rows))
            walk(value, rows, scenario.currency)
        else:
            default = default_of(item)
            shown = input_for("Scenario", item.name)
            groups[0][1].append((shown.label, inputs.value(shown.unit, value, scenario.currency),
                                 default is not MISSING and value == default))
    return groups
