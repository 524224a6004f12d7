"""An amount in Bulgarian words, as an invoice prints it ("сто двадесет и три евро и 45 цента").

Bulgarian counts with gender: "един"/"една"/"едно", "два"/"две". Euro is masculine ("един
евро"... is not used: "едно евро" is the common form, евро being neuter), a cent ("цент") is
masculine; thousands are feminine ("хиляда", "две хиляди"), millions and billions masculine.
The last group is joined with "и" when the remaining groups are round ("хиляда и петстотин",
"сто и пет", "двадесет и три").
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

_UNITS = {
    "m": ["", "един", "два", "три", "четири", "пет", "шест", "седем", "осем", "девет"],
    "f": ["", "една", "две", "три", "четири", "пет", "шест", "седем", "осем", "девет"],
    "n": ["", "едно", "две", "три", "четири", "пет", "шест", "седем", "осем", "девет"],
}
_TEENS = [
    "десет",
    "единадесет",
    "дванадесет",
    "тринадесет",
    "четиринадесет",
    "петнадесет",
    "шестнадесет",
    "седемнадесет",
    "осемнадесет",
    "деветнадесет",
]
_TENS = [
    "",
    "",
    "двадесет",
    "тридесет",
    "четиридесет",
    "петдесет",
    "шестдесет",
    "седемдесет",
    "осемдесет",
    "деветдесет",
]
_HUNDREDS = [
    "",
    "сто",
    "двеста",
    "триста",
    "четиристотин",
    "петстотин",
    "шестстотин",
    "седемстотин",
    "осемстотин",
    "деветстотин",
]


def _below_thousand(n: int, gender: str) -> list[str]:
    """The words of 1..999 without the joining "и"; the caller joins them."""
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words.append(_HUNDREDS[hundreds])
    if rest >= 20:
        tens, units = divmod(rest, 10)
        words.append(_TENS[tens])
        if units:
            words.append(_UNITS[gender][units])
    elif rest >= 10:
        words.append(_TEENS[rest - 10])
    elif rest:
        words.append(_UNITS[gender][rest])
    return words


def _join(words: list[str]) -> str:
    """Put "и" before the last word of a group when more than one word precedes it."""
    if len(words) >= 2:
        return " ".join(words[:-1]) + " и " + words[-1]
    return " ".join(words)


def number_in_words(n: int, gender: str = "m") -> str:
    """A whole number 0..999 999 999 999 in Bulgarian words."""
    if n < 0:
        return "минус " + number_in_words(-n, gender)
    if n == 0:
        return "нула"
    billions, rest = divmod(n, 1_000_000_000)
    millions, rest = divmod(rest, 1_000_000)
    thousands, units = divmod(rest, 1000)
    # (the words of the group's number, the scale word after it)
    groups: list[tuple[list[str], str]] = []
    if billions:
        groups.append(
            (["един"], "милиард") if billions == 1 else (_below_thousand(billions, "m"), "милиарда")
        )
    if millions:
        groups.append(
            (["един"], "милион") if millions == 1 else (_below_thousand(millions, "m"), "милиона")
        )
    if thousands:
        groups.append(
            ([], "хиляда") if thousands == 1 else (_below_thousand(thousands, "f"), "хиляди")
        )
    if units:
        groups.append((_below_thousand(units, gender), ""))
    phrases = [" ".join(p for p in (_join(words), scale) if p) for words, scale in groups]
    # The last group is joined with "и" when it is a single word ("хиляда и пет", "две хиляди и
    # двадесет", "един милион и петстотин хиляди"), otherwise it carries its own "и" ("хиляда
    # двеста тридесет и четири").
    last_words, last_scale = groups[-1]
    if len(phrases) >= 2 and len(last_words) <= 1:
        return " ".join(phrases[:-1]) + " и " + phrases[-1]
    return " ".join(phrases)


def amount_in_words(amount: Decimal, currency: str = "EUR") -> str:
    """Euros and cents in Bulgarian words: "сто двадесет и три евро и 45 цента".

    Cents are given as digits, as Bulgarian invoices usually print them ("и 05 цента"); a whole
    amount ends with the currency ("сто евро"). A negative amount (a credit note) starts with
    "минус". Other currencies print their code after the words.
    """
    amount = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "минус " if amount < 0 else ""
    amount = abs(amount)
    whole = int(amount)
    cents = int((amount - whole) * 100)
    currency = currency.upper()
    if currency == "EUR":
        text = number_in_words(whole, "n") + " евро"
        if cents:
            text += " и " + f"{cents:02d} " + ("цент" if cents == 1 else "цента")
    elif currency == "BGN":
        text = number_in_words(whole, "m") + (" лев" if whole == 1 else " лева")
        if cents:
            text += " и " + f"{cents:02d} " + ("стотинка" if cents == 1 else "стотинки")
    else:
        text = number_in_words(whole, "m") + f" {currency}"
        if cents:
            text += f" и {cents:02d}/100"
    return sign + text
