"""One translation system for the report and the dashboard: vocabularies, plurals and numbers.

A vocabulary is a plain table per language (so a trainer can correct a word without reading
code); Babel supplies what a table cannot: CLDR plural rules and each locale's number, percent
and currency formats (Polish: "1 363", "749 198 zł", a decimal comma). Templates name how a
value is shown in the field's format spec, so no caller formats a number by hand:

``{x:n}``    a number: a whole one as it is, any other rounded to three significant figures
             (``{x:+n}`` with its sign)
``{x:n1}``   a number with one decimal (any digit count)
``{x:%}``    a share as a percentage (0.43 -> "43%")
``{x:zł}``   an amount of złoty ("749 198 zł"; "749,198 PLN" in English)
``{n:#powtórzenie|powtórzenia|powtórzeń}``  the number and the noun in the plural form its
             language's rules ask for (forms in the order of :data:`PLURALS`)
"""

from __future__ import annotations

import functools
import math
import string

from babel import Locale
from babel.numbers import format_compact_decimal, format_currency, format_decimal, format_percent

LANGS = ("en", "pl")
PLURALS = {"en": ("one", "other"), "pl": ("one", "few", "many", "other")}
SIGNIFICANT = 3
MISSING = {"en": "n/a", "pl": "b.d."}


def decimals(*values: float, significant: int = SIGNIFICANT) -> int:
    """Decimals that give the largest value ``significant`` figures; one count for a group of
    numbers shown together (an effect and its interval), so they never disagree in precision."""
    finite = [abs(v) for v in values if v is not None and math.isfinite(v) and v != 0]
    if not finite:
        return 0
    return max(0, significant - 1 - math.floor(math.log10(max(finite))))


def number(x: float | None, lang: str, digits: int | None = None, sign: bool = False) -> str:
    """``x`` in the language's format; a "+" only when it is still positive once rounded."""
    if x is None or not math.isfinite(x):
        return MISSING[lang]
    if digits is None:
        digits = 0 if float(x).is_integer() else decimals(x)
    x = round(x, digits) + 0.0  # + 0.0 turns -0.0 into 0.0: no "-0"
    text = format_decimal(x, format="#,##0" + ("." + "0" * digits if digits else ""),
                          locale=lang)
    return ("+" + text) if sign and x > 0 else text


def percent(share: float | None, lang: str) -> str:
    """A share (0–1) as a whole percentage in the language's format."""
    if share is None or not math.isfinite(share):
        return MISSING[lang]
    return format_percent(share, locale=lang)


def money(x: float | None, lang: str, sign: bool = False) -> str:
    """Whole złoty: "749 198 zł" in Polish, "749,198 PLN" in English."""
    if x is None or not math.isfinite(x):
        return MISSING[lang]
    text = format_currency(round(x) + 0.0, "PLN", format="#,##0\u00a0¤", locale=lang,
                           currency_digits=False)
    return ("+" + text) if sign and round(x) > 0 else text


@functools.lru_cache(maxsize=65536, typed=True)  # a figure's tick labels ask again and again
def short(x: float, lang: str, digits: int = 1) -> str:
    """A number as short as it can be, for axis ticks and sliders: "7,5 mln" (pl) or "7.5M"
    (en, ``digits`` decimals at most) instead of matplotlib's "1e7" offset; smaller ones with
    only the decimals they have ("0,8", not "0,800")."""
    if abs(x) >= 10_000:
        return format_compact_decimal(x, locale=lang, fraction_digits=digits)
    return format_decimal(round(x, 6) + 0.0, locale=lang)


def plural(n: float, lang: str, forms: tuple[str, ...] | list[str]) -> str:
    """The form of a noun that goes with ``n``; ``forms`` follow :data:`PLURALS`. Polish
    "other" (fractions: "2,5 rodziny") may be left out when it is the "few" form, as for
    feminine and neuter nouns; masculine ones need it ("2,5 tygodnia")."""
    category = Locale.parse(lang).plural_form(abs(n))
    index = PLURALS[lang].index(category)
    if index >= len(forms):
        index = 1 if category == "other" and len(forms) > 1 else len(forms) - 1
    return forms[index]


def localise_axes(fig, lang: str) -> None:
    """Every numeric axis of a matplotlib figure ticks in the language's format (:func:`short`);
    axes labelled with text keep their labels."""
    from matplotlib.ticker import ScalarFormatter

    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if isinstance(axis.get_major_formatter(), ScalarFormatter):
                axis.set_major_formatter(_short_ticks(lang))


def _short_ticks(lang: str):
    """A tick formatter of :func:`short` with as many decimals as the axis needs for no two
    ticks to read the same (3.02M, 3.04M… on a narrow range of millions, not 3M, 3M…)."""
    from matplotlib.ticker import Formatter

    class ShortTicks(Formatter):
        digits = 1

        def set_locs(self, locs):
            super().set_locs(locs)
            for self.digits in range(1, SIGNIFICANT + 2):
                if len({short(v, lang, self.digits) for v in locs}) == len(locs):
                    break

        def __call__(self, x, pos=None):
            return short(x, lang, self.digits)

    return ShortTicks()


class _Formatter(string.Formatter):
    """``str.format`` with the format specs of this module's docstring."""

    def __init__(self, lang: str):
        self.lang = lang

    def format_field(self, value, spec: str) -> str:
        if spec.startswith("#"):
            return f"{number(value, self.lang)} {plural(value, self.lang, spec[1:].split('|'))}"
        sign = spec.startswith("+")
        spec = spec.removeprefix("+")
        if spec == "n" or (spec[:1] == "n" and spec[1:].isdigit()):
            return number(value, self.lang, int(spec[1:]) if spec[1:] else None, sign)
        if spec == "%":
            return percent(value, self.lang)
        if spec == "zł":
            return money(value, self.lang, sign)
        return super().format_field(value, spec)


def render(lang: str, template: str, **values) -> str:
    """``template`` with ``values`` shown as its format specs ask, in ``lang``."""
    return _Formatter(lang).vformat(template, (), values)


class Vocabulary:
    """Named texts in every language of :data:`LANGS`, each a template for :func:`render`."""

    def __init__(self, texts: dict[str, dict[str, str]]):
        missing = {lang: set(texts[LANGS[0]]) ^ set(texts[lang]) for lang in LANGS}
        if any(missing.values()):
            raise ValueError(f"texts missing in a language: {missing}")
        self.texts = texts

    def __call__(self, lang: str, key: str, **values) -> str:
        return render(lang, self.texts[lang][key], **values)

    def name(self, lang: str, key: str) -> str:
        """A label, or the key itself when it has none (a preset added without a translation)."""
        return self.texts[lang].get(key, key)

    def keys(self) -> set[str]:
        return set(self.texts[LANGS[0]])
