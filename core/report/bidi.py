"""Right-to-left text (Hebrew, Arabic, Persian) in the proposal. reportlab draws glyphs in the
order it is given and shapes nothing, so a name typed in Hebrew or Arabic would print reversed
and, for Arabic, with unjoined letters. Text holding right-to-left letters is put into visual
order here: Arabic letters into their joined presentation forms (arabic-reshaper), then the
Unicode Bidirectional Algorithm (UAX #9, python-bidi's implementation with mirrored brackets)
line by line. Text without such letters passes unchanged."""

import re
import unicodedata

from arabic_reshaper import reshape
from bidi.algorithm import get_display

# Hebrew, Arabic, Syriac, Thaana, NKo and their presentation forms: the blocks holding strong
# right-to-left letters (Unicode bidi classes R and AL).
_RTL_BLOCKS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")


def has_rtl(text: str) -> bool:
    """True when the text holds a letter written right to left."""
    return any(unicodedata.bidirectional(char) in ("R", "AL")
               for char in _RTL_BLOCKS.findall(text))


def visual(text: str) -> str:
    """The text in the order its glyphs are drawn from left to right, line by line. The
    proposal is written left to right and user text is set into its sentences ("X's yearly
    cost ..."), so every line keeps a left-to-right base direction (UAX #9 rule HL1), as a
    browser shows Hebrew or Arabic inside an English page."""
    if not has_rtl(text):
        return text
    lines = []
    for line in text.split("\n"):
        shaped = reshape(line) if _ARABIC.search(line) else line
        lines.append(get_display(shaped, base_dir="L"))
    return "\n".join(lines)
