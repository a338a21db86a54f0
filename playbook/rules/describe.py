"""A rule of the rule language in words, in the playbook's language (for pages, cards and reasons)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

from playbook.model.qualification import Condition, LeadField
from playbook.text.locale_format import format_date, format_number

DATE_WORDS = frozenset({"gt", "gte", "lt", "lte"})
"""Comparisons a person words differently for dates: "not earlier than", not "at least"."""


def describe(
    condition: Condition, fields: list[LeadField], labels: Mapping[str, str], language: str | None = None
) -> str:
    """`condition` as a sentence fragment, e.g. "Employees is at least 5".

    With `language`, numbers and dates in it are written as that language writes them ("2 000",
    "01.11.2026"); without, as in the sheet (reasons in exports stay stable).
    """
    by_id = {f.id: f for f in fields}
    return _describe(condition, by_id, labels, nested=False, language=language)


def _label(labels: Mapping[str, str], key: str, **values: str) -> str:
    return labels[key].format(**values)


def _describe(
    condition: Condition,
    fields: Mapping[str, LeadField],
    labels: Mapping[str, str],
    *,
    nested: bool,
    language: str | None = None,
) -> str:
    op = condition.operator
    if op in ("all", "any"):
        children = condition.all_ if op == "all" else condition.any_
        parts = [_describe(c, fields, labels, nested=True, language=language) for c in children or []]
        text = _label(labels, f"rule_{op}_join").join(parts)
        return f"({text})" if nested and len(parts) > 1 else text
    if op == "not":
        assert condition.not_ is not None
        inner = _describe(condition.not_, fields, labels, nested=True, language=language)
        return _label(labels, "rule_not", condition=inner)
    name = condition.field or ""
    lead_field = fields.get(name)
    label = lead_field.label if lead_field else name
    type_ = lead_field.type if lead_field else "text"
    if op == "exists":
        return _label(labels, "rule_exists" if condition.exists else "rule_missing", field=label)
    if op in ("in", "not_in"):
        values = _label(labels, "rule_list_sep").join(
            _value(v, type_, labels, language)
            for v in condition.operand or []  # type: ignore[attr-defined]
        )
        return _label(labels, f"rule_{op}", field=label, values=values)
    if type_ == "bool" and op in ("eq", "ne"):
        return _label(labels, f"rule_bool_{op}", field=label, value=_value(condition.operand, type_, labels, language))
    key = f"rule_date_{op}" if type_ == "date" and op in DATE_WORDS else f"rule_{op}"
    return _label(labels, key, field=label, value=_value(condition.operand, type_, labels, language))


def _value(value: object, type_: str, labels: Mapping[str, str], language: str | None = None) -> str:
    text = str(value).strip()
    if language is not None and type_ in ("number", "date"):
        number = _number(value) if type_ == "number" else None
        if number is not None:
            return format_number(number, language, digits=6)
        if type_ == "date":
            try:
                return format_date(dt.date.fromisoformat(text), language)
            except ValueError:
                return text
    if type_ == "bool" or isinstance(value, bool):
        folded = text.casefold()
        if folded in ("true", "yes", "1"):
            return _label(labels, "rule_yes")
        if folded in ("false", "no", "0"):
            return _label(labels, "rule_no")
    if type_ == "text":
        return _label(labels, "rule_quoted", value=text)
    return text


def _number(value: object) -> float | None:
    """An operand of a number field as a number: the sheet keeps operands as written (`gte: '2000'`)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    return number if math.isfinite(number) else None
