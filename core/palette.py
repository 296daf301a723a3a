"""Colours of each option in charts, on screen and on paper: Okabe-Ito, readable by the colour
blind and on light and dark backgrounds."""

COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#999999")


def colour(index: int) -> str:
    return COLOURS[index % len(COLOURS)]
