"""Bulgarian Cyrillic in Latin letters by the official system (Transliteration Act, 2009, art. 3).

People's names are kept in Cyrillic while colleagues often type them in Latin ("Stefan" for
"Стефан"): search keeps both forms, built from this table. The table is data; the one rule beyond
it is the Act's: "ия" at the end of a word is "ia" (София -> Sofia, not Sofiya).
"""

from __future__ import annotations

import re

#: Lower-case letters, as the Act's table gives them (art. 3, para. 1).
TABLE: dict[str, str] = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "sht",
    "ъ": "a",
    "ь": "y",
    "ю": "yu",
    "я": "ya",
}
#: The Act's one positional rule (art. 3, para. 2): word-final "ия" is "ia".
WORD_FINAL = {"ия": "ia"}
#: Names the Act fixes apart from the table (art. 6): the country's own name.
EXCEPTIONS = {"българия": "bulgaria"}

_WORD = re.compile(r"\w+")


def _word(word: str) -> str:
    lower = word.lower()
    latin = EXCEPTIONS.get(lower)
    if latin is None:
        stem, end = (lower[:-2], WORD_FINAL["ия"]) if lower.endswith("ия") else (lower, "")
        latin = "".join(TABLE.get(char, char) for char in stem) + end
    if word.isupper() and len(word) > 1:
        return latin.upper()
    if word[:1].isupper():
        return latin[:1].upper() + latin[1:]
    return latin


def to_latin(text: str) -> str:
    """``text`` with every Bulgarian Cyrillic letter in Latin; anything else unchanged."""
    if not text or not has_cyrillic(text):
        return text
    return _WORD.sub(lambda match: _word(match.group(0)), text)


def has_cyrillic(text: str) -> bool:
    return any(char.lower() in TABLE for char in text)
