"""The Monte Carlo run in words: plain sentences for the PDF and the app, and the `llmplan cost
--samples` text section."""

from core.costing.costs import money
from core.costing.uncertainty import BreakEvenBand, OptionSpread, UncertaintyResult
from core.i18n.message import Arg, Count, Name, Number, Share, Text, join, msg, nmsg
from core.i18n.render import check_language, render

# Drivers named in a sentence: the largest shares, while each is at least this share.
NAMED_DRIVER_SHARE = 0.05


def _likely_share(p: float) -> Share:
    """A probability as a percentage, with a decimal below 1% and above 99% (so '0%' and '100%'
    mean none and all of the samples)."""
    return Share(p, 1 if 0 < p < 0.01 or 0.99 < p < 1 else 0)


def headline(result: UncertaintyResult) -> Text:
    """Which option is the likeliest cheapest, and how likely."""
    ranked = sorted(result.options, key=lambda option: -option.p_cheapest)
    if not ranked or ranked[0].p_cheapest == 0:
        return msg("In none of the samples does an option carry the load.")
    best = ranked[0]
    return msg("{option} is the cheapest over {months} months in {share} of {n} samples.",
               option=Name(best.name), months=Count(result.horizon_months),
               share=_likely_share(best.p_cheapest), n=Count(result.samples))


def option_sentences(result: UncertaintyResult, option: OptionSpread,
                     figures: bool = True) -> list[Text]:
    """The option's chance of paying back and of falling short, after (with `figures`) its
    range of cost and its chance of being the cheapest."""
    if option.tco is None:
        return [msg("{option}: a price is unknown, so it was left out.",
                    option=Name(option.name))]
    currency = result.currency
    sentences: list[Text] = [] if not figures else [msg(
        "{option} costs between {p10} and {p90} over {months} months in 8 of 10 samples "
        "(median {p50}); it is the cheapest in {share} of them.", option=Name(option.name),
        p10=money(option.tco.p10, currency), p90=money(option.tco.p90, currency),
        p50=money(option.tco.p50, currency), months=Count(result.horizon_months),
        share=_likely_share(option.p_cheapest))]
    if option.p_payback_within_horizon is not None:
        sentences.append(msg(
            "Buying ({option}) pays back within {months} months in {share} of the samples "
            "(by then its cash spent is below that of every option that rents).",
            months=Count(result.horizon_months), option=Name(option.name),
            share=_likely_share(option.p_payback_within_horizon)))
    if option.p_carries < 1:
        sentences.append(msg("{option} cannot carry the load in {share} of the samples.",
                             option=Name(option.name), share=_likely_share(1 - option.p_carries)))
    return sentences


def break_even_sentence(band: BreakEvenBand) -> Text:
    """Where two options cost the same, as a band over the draws."""
    first, second = Name(band.a), Name(band.b)
    if band.requests_per_day is None:
        return msg("{first} and {second} never cost the same in {n} draws of the inputs.",
                   first=first, second=second, n=Count(band.draws))
    volumes = band.requests_per_day
    sentence = msg("{first} and {second} cost the same between {p10} and {p90} requests a day "
                   "in 8 of 10 draws with a break-even (median {p50})", first=first,
                   second=second, p10=Number(volumes.p10), p90=Number(volumes.p90),
                   p50=Number(volumes.p50))
    if band.p_break_even < 1:
        return msg("{sentence}; {share} of the draws have none.", sentence=sentence,
                   share=_likely_share(1 - band.p_break_even))
    return msg("{sentence}.", sentence=sentence)


def drivers_sentence(result: UncertaintyResult) -> Text:
    """What the choice between the two likeliest cheapest options depends on."""
    named = [driver for driver in result.drivers if driver.share >= NAMED_DRIVER_SHARE][:3]
    if not named:
        return msg("No input moves the result: every sample gives the same figures.")
    parts = [msg("{input} ({share})", input=driver.label, share=Share(driver.share))
             for driver in named]
    listed = join(tuple(parts))
    if len(result.decided_between) == 2:
        first, second = result.decided_between
        return msg("Whether {first} or {second} costs less depends most on: {inputs}.",
                   first=Name(first), second=Name(second), inputs=listed)
    return msg("The cost depends most on: {inputs}.", inputs=listed)


def method_sentence(result: UncertaintyResult) -> Text:
    """How the samples were drawn."""
    scaled = sum(1 for item in result.inputs if item.scaled)
    sizing = len(result.inputs) - scaled
    return nmsg(
        "{n} sample (seed {seed}): every figure is the cost engine's; {sizing} input that "
        "changes the sizing was priced in {draws} draws, {scaled} price rescaled in every "
        "sample; P10 / P90: 1 in 10 samples is below / above.",
        "{n} samples (seed {seed}): every figure is the cost engine's; {sizing} inputs that "
        "change the sizing were priced in {draws} draws, {scaled} prices rescaled in every "
        "sample; P10 / P90: 1 in 10 samples is below / above.",
        n=Count(result.samples), seed=Count(result.seed), sizing=Count(sizing),
        draws=Count(result.sizing_draws), scaled=Count(scaled))


def sentences(result: UncertaintyResult, figures: bool = True) -> list[Text]:
    """The whole run in plain sentences, the headline first (without `figures`, the options'
    ranges of cost are left to a table)."""
    found: list[Text] = [headline(result)]
    for option in sorted(result.options, key=lambda option: -option.p_cheapest):
        found += option_sentences(result, option, figures)
    if result.p_none:
        found.append(msg("In {share} of the samples no option carries the load.",
                         share=_likely_share(result.p_none)))
    found += [break_even_sentence(band) for band in result.break_even]
    found.append(drivers_sentence(result))
    return found


def format_uncertainty(result: UncertaintyResult, language: str = "en") -> str:
    """The `llmplan cost --samples` section: a table of the options and the sentences."""
    language = check_language(language)

    def say(text: Arg) -> str:
        return render(text, language)

    lines = ["", say(msg("How sure are we")), say(method_sentence(result)), ""]
    head = [say(msg("Option")), "P10", "P50", "P90",
            say(msg("cheapest")), say(msg("pays back"))]
    rows = []
    for option in result.options:
        tco = option.tco
        figures = ["-", "-", "-"] if tco is None else [
            render(money(value, None), language) for value in (tco.p10, tco.p50, tco.p90)]
        payback = "-" if option.p_payback_within_horizon is None else \
            say(_likely_share(option.p_payback_within_horizon))
        rows.append([option.name, *figures, say(_likely_share(option.p_cheapest)), payback])
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head))]
    lines.append(say(msg("Cost over {months} months ({currency}):",
                         months=Count(result.horizon_months), currency=Name(result.currency))))
    for row in [head, *rows]:
        lines.append("  " + "  ".join(
            cell.ljust(width) if index == 0 else cell.rjust(width)
            for index, (cell, width) in enumerate(zip(row, widths, strict=True))))
    lines.append("")
    lines += [say(sentence) for sentence in sentences(result)]
    if result.drivers:
        lines += ["", say(msg("Drivers of the spread (share of the rank variance):"))]
        lines += [f"  - {say(driver.label)}: {say(Share(driver.share))}"
                  for driver in result.drivers]
    if result.notes:
        lines += ["", say(msg("Notes:"))]
        lines += [f"  - {say(note)}" for note in result.notes]
    return "\n".join(lines)
