"""One translation system (sim/i18n): Polish number, currency and plural forms through Babel."""

from __future__ import annotations

import pytest

from sim.i18n import LANGS, Vocabulary, decimals, money, number, percent, plural, render, short

NBSP = "\u00a0"


def test_polish_numbers_group_with_a_space_and_use_a_decimal_comma():
    assert number(1363, "pl") == f"1{NBSP}363"
    assert number(1363, "en") == "1,363"
    assert number(35.4, "pl") == "35,4" and number(35.4, "en") == "35.4"
    assert money(749198, "pl") == f"749{NBSP}198{NBSP}zł"
    assert money(749198, "en") == f"749,198{NBSP}PLN"
    assert percent(0.43, "pl") == "43%"
    assert short(7_500_000, "pl") == f"7,5{NBSP}mln" and short(7_500_000, "en") == "7.5M"
    assert short(0.8, "pl") == "0,8"  # an axis tick keeps only the decimals it has


@pytest.mark.parametrize(("n", "text"), [(1, "po 1 powtórzeniu"), (2, "po 2 powtórzenia"),
                                         (4, "po 4 powtórzenia"), (5, "po 5 powtórzeń"),
                                         (12, "po 12 powtórzeń"), (22, "po 22 powtórzenia"),
                                         (25, "po 25 powtórzeń")])
def test_polish_plurals_follow_cldr_rules(n, text):
    assert render("pl", "po {n:#powtórzeniu|powtórzenia|powtórzeń}", n=n) == text


def test_english_plurals():
    assert render("en", "{n:#replication|replications}", n=1) == "1 replication"
    assert render("en", "{n:#replication|replications}", n=50) == "50 replications"
    assert plural(1.5, "pl", ("rodzina", "rodziny", "rodzin", "rodziny")) == "rodziny"


def test_signs_and_precision_never_contradict_the_value():
    assert number(-0.0004, "en", 2, sign=True) == "0.00"  # no "-0.00", no "+0.00"
    assert number(0.0004, "en", 2, sign=True) == "0.00"
    assert number(-35.4, "en", sign=True) == "-35.4"
    assert number(71.04, "en", sign=True) == "+71.0"
    assert number(50, "pl") == "50"  # whole numbers stay whole ("po 50 powtórzeń", not 50,0)
    # an effect and its interval share one precision, chosen by the largest of them
    assert decimals(-35.1, -39.4, -30.9) == 1
    assert decimals(71.0, 64.0, 78.0) == 1
    assert decimals(749198, 10678, 1162827) == 0
    assert number(None, "pl") == "b.d." and number(float("nan"), "en") == "n/a"


def test_templates_format_their_fields_in_the_language():
    template = "{x:+n} ({lo:n1} … {hi:n1}), {p:%}, {c:zł}"
    assert render("pl", template, x=1363.2, lo=-2.25, hi=3.5, p=0.98, c=-749198) == \
        f"+1{NBSP}363 (-2,2 … 3,5), 98%, -749{NBSP}198{NBSP}zł"


def test_a_vocabulary_needs_every_key_in_every_language():
    with pytest.raises(ValueError, match="missing"):
        Vocabulary({"en": {"a": "A", "b": "B"}, "pl": {"a": "A"}})
    words = Vocabulary({lang: {"n": "{k:#item|items}" if lang == "en" else
                               "{k:#rzecz|rzeczy|rzeczy}"} for lang in LANGS})
    assert words("pl", "n", k=5) == "5 rzeczy" and words("en", "n", k=1) == "1 item"
    assert words.name("pl", "unknown") == "unknown"


def test_a_fraction_takes_the_few_form_when_other_is_left_out():
    assert render("pl", "{n:#rodzina|rodziny|rodzin} na pracownika", n=27.2) == \
        "27,2 rodziny na pracownika"
    assert render("pl", "{n:#rodzina|rodziny|rodzin}", n=27) == "27 rodzin"
