"""Numbers, percentages and dates written the way the playbook's language writes them (Babel, CLDR data).

"2 000" in Russian and Lithuanian (a no-break space groups digits), "2000" but "20 000" in Polish,
"2.000" in Romanian, "2,000" in English; "35 %" or "35%"; dates as each language's short form with
the full year ("22.11.2026", Lithuanian "2026-11-22"), ISO in English, where a short date would be
read month-first. Babel is imported when a first value is formatted, not at start-up.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any


@cache
def _locale(language: str) -> Any:
    from babel import Locale  # Why: Babel and its CLDR data load when a first value is formatted (see above)

    return Locale.parse(language)


def format_number(value: float | int, language: str, digits: int = 1) -> str:
    """A number rounded to `digits` decimals, without trailing zeros, grouped for `language`."""
    from babel.numbers import format_decimal  # Why: as for `Locale` above; `check` imports this module

    rounded = round(float(value), digits)
    if rounded == int(rounded):
        return str(format_decimal(int(rounded), locale=_locale(language)))
    return str(format_decimal(rounded, format=f"#,##0.{'#' * digits}", locale=_locale(language)))


def format_percent(fraction: float, language: str, digits: int = 1) -> str:
    """`0.35` as "35 %" (or "35%"): the language's percent pattern, up to `digits` decimals."""
    from babel.numbers import format_percent as babel_percent  # Why: as for `Locale` above

    pattern = _locale(language).percent_formats[None].pattern
    if digits:  # "#,##0 %" -> "#,##0.# %": the last digit before the percent sign takes the decimals
        pattern = re.sub(r"0(?=[^0#]*%)", "0." + "#" * digits, pattern, count=1)
    return str(babel_percent(fraction, format=pattern, locale=_locale(language)))


def format_date(value: dt.date, language: str) -> str:
    """A date as the language writes it, with the full year; ISO `YYYY-MM-DD` in English."""
    if language == "en":
        return value.isoformat()
    from babel.dates import format_date as babel_date  # Why: as for `Locale` above

    pattern = _locale(language).date_formats["short"].pattern
    if "yyyy" not in pattern:
        pattern = pattern.replace("yy", "y") if "yy" in pattern else pattern
    return str(babel_date(value, format=pattern, locale=_locale(language)))
