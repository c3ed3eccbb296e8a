"""Numbers written in Arabic digits, Chinese numerals or a mix, with cn2an's traps guarded.

cn2an is used only on an isolated numeral token, never on running text (``transform``
turns 两三个 into 23个 and mangles 全国两会 / 年过半百):

* 余/多 are stripped before conversion (三千余 fails in every mode);
* 两 is read as 二 (strict mode rejects 两);
* full-width digits are made ASCII first (smart mode returns them as floats);
* a run of bare digits such as 五一 or 一二 is not a number (only 两三 → a range);
* 1.5万 is handled here, not by cn2an's smart mode.
"""

from __future__ import annotations

from functools import lru_cache

Number = int | float

CN_DIGITS = "零〇一二两三四五六七八九"
CN_PLACES = "十百千万亿"
CN_NUMERAL_CHARS = CN_DIGITS + CN_PLACES
_DIGIT_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")
_MULTIPLIERS = {"万": 10_000, "亿": 100_000_000}
_PLACE_VALUE = {"十": 10, "百": 100, "千": 1000}


def _below_ten_thousand(token: str) -> int | None:
    """一千五百 → 1500, 十四 → 14, 三百零五 → 305 in the standard written form, else None."""
    total, digit, last_place = 0, -1, 10_000
    for c in token:
        place = _PLACE_VALUE.get(c)
        if c == "零" and digit < 0 and total:
            continue  # 三百零五: a zero between places
        if place is None:
            if c not in _DIGIT_VALUE or digit >= 0:
                return None  # two digits in a row (五一) or not a numeral
            digit = _DIGIT_VALUE[c]
            continue
        if place >= last_place or digit == 0:
            return None
        if digit < 0:
            if place != 10 or total:
                return None  # a bare 百 / 千, or 一百十 (needs 一十)
            digit = 1
        total += digit * place
        digit, last_place = -1, place
    if digit > 0:
        total += digit  # the units (零 in between is allowed: 三百零五)
    return total


def _place_value(token: str) -> int | None:
    """Standard place-value numerals up to 亿 (not included): 一万五千 → 15000, 十万 → 100000.
    The common cases, read without cn2an (whose import costs a fifth of a second)."""
    if "亿" in token:
        return None
    high, sep, low = token.partition("万")
    if not sep:
        return _below_ten_thousand(token.replace("〇", "零"))
    upper = _below_ten_thousand(high) if high else None
    if upper is None or upper == 0:
        return None
    low = low.replace("〇", "零")
    lower = _below_ten_thousand(low[1:] if low[:1] == "零" else low) if low else 0
    return None if lower is None else upper * 10_000 + lower


def tidy(value: float) -> Number:
    """An int when the value is integral (92, not 92.0)."""
    if value == int(value):
        return int(value)
    return round(value, 6)


@lru_cache(maxsize=4096)
def chinese_to_number(token: str) -> Number | None:
    """十四 → 14, 一千五百 → 1500, 两 → 2, 三千余 → 3000; None when not a numeral."""
    token = token.strip().rstrip("余多来")
    if not token:
        return None
    if any(c not in CN_NUMERAL_CHARS for c in token):
        return None
    if not any(c in CN_PLACES for c in token):
        if len(token) == 1:
            return _DIGIT_VALUE[token]
        return None  # 五一, 一二: names and dates, not counts
    if token[0] in CN_PLACES and token[0] != "十":
        return None  # 百, 万: not a number by itself
    simple = _place_value(token.replace("两", "二"))
    if simple is not None:
        return simple
    import cn2an  # type: ignore[import-untyped]  # (rare forms only: 亿, 一百十)

    try:
        value = cn2an.cn2an(token.replace("两", "二").replace("〇", "零"), "normal")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return tidy(float(value))


def chinese_digit_range(token: str) -> tuple[int, int] | None:
    """两三 → (2, 3), 七八 → (7, 8): two neighbouring digits meaning "a few"."""
    if len(token) != 2 or any(c not in _DIGIT_VALUE for c in token):
        return None
    a, b = _DIGIT_VALUE[token[0]], _DIGIT_VALUE[token[1]]
    if a >= 1 and b == a + 1:
        return a, b
    return None


_ASCII_DIGITS = frozenset("0123456789")
_DIGITS_TO_CN = str.maketrans("0123456789", "〇一二三四五六七八九")


@lru_cache(maxsize=8192)
def parse_number(token: str) -> Number | None:
    """Any numeral token: 92, 1.5, １２, 十四, 一万五千, 1.5万, 3000余. None if not a number."""
    token = token.translate(_FULLWIDTH_DIGITS).strip().rstrip("余多来")
    if "," in token and token.replace(",", "").replace(".", "", 1).isdigit():
        token = token.replace(",", "")  # 2,350
    if not token:
        return None
    mult = 1
    if token[-1] in _MULTIPLIERS and len(token) > 1 and token[-2].isdigit():
        mult = _MULTIPLIERS[token[-1]]
        token = token[:-1]
    if token.replace(".", "", 1).isdigit() and token.isascii():
        return tidy(float(token) * mult)
    if "." not in token and not token.isascii() and any(c in _ASCII_DIGITS for c in token):
        token = token.translate(_DIGITS_TO_CN)  # figures between place words: 1万2千 → 一万二千
    value = chinese_to_number(token)
    return None if value is None else tidy(value * mult)


def year_digits(token: str) -> int | None:
    """二〇一四 → 2014, 2014 → 2014 (digit by digit, for dates)."""
    token = token.translate(_FULLWIDTH_DIGITS)
    if token.isdigit() and token.isascii():
        return int(token)
    if all(c in _DIGIT_VALUE for c in token.replace("○", "〇")):
        return int("".join(str(_DIGIT_VALUE[c]) for c in token.replace("○", "〇")))
    return None
