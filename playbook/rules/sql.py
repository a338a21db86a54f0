"""The sheet as one SQL SELECT (`playbook qualify --sql`): the criteria where the CRM data already lives.

The SELECT reads a table of text columns (an export as it loads) and returns `id`, `target` (or
`sales_ready`), `score` and `failed` with exactly the semantics of `rules/evaluate.py`: cells
trimmed, read by their field's type with the patterns of `rules/values.py` (in RE2 syntax), an
empty or unreadable cell is NULL, and every comparison on NULL is false (`COALESCE(..., FALSE)`),
so `NOT` simply negates. It is written once, for DuckDB, and transpiled by sqlglot to the other
dialects. A hypothesis test runs random sheets and random leads through Python and DuckDB.

Columns: with `columns` given (an export's header or `--map`), those; otherwise DuckDB looks each
field's column up at run time among its id and the sheet's stored names (ignoring case and
spaces, as qualify does), and the other dialects read the first stored name (or the field id).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Mapping

from playbook.model.qualification import Condition, FieldType, Qualification
from playbook.rules.evaluate import RuleSet, read_operand_text
from playbook.rules.values import (
    CURRENCY_AFTER,
    CURRENCY_BEFORE,
    DATE,
    DAY_FIRST,
    FALSE,
    GROUPING,
    NUMBER,
    NUMBER_FORMS,
    SPACE_CHARS,
    TRUE,
    Reading,
    Unreadable,
    fold,
    read_operand,
)

DIALECTS = ("duckdb", "postgres", "bigquery", "snowflake", "spark")
ID = "id"


def quote_name(name: str) -> str:
    """A column or table name as a quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _re2(pattern: str) -> str:
    """A Python pattern of `rules/values.py` in RE2 syntax: every non-ASCII or control character as `\\x{..}`."""
    return "".join(c if " " <= c <= "~" else f"\\x{{{ord(c):x}}}" for c in pattern)


_SPACE_CLASS = _re2("[" + "".join(re.escape(c) if c in "-]\\^" else c for c in SPACE_CHARS) + "]")
_TRIM = f"^{_SPACE_CLASS}+|{_SPACE_CLASS}+$"


class _Sql:
    """Writes the SELECT for one rule set over one table."""

    def __init__(self, rules: RuleSet, qualification: Qualification) -> None:
        self.rules = rules
        self.reading: Reading = rules.reading
        self.fields = [f.id for f in qualification.fields]
        self.index = {name: i for i, name in enumerate(self.fields)}
        self.types = rules.types

    # --- values ---------------------------------------------------------------------------------
    def value(self, i: int, type_: FieldType) -> str:
        """The typed value of field `i` from its trimmed text `t{i}` (NULL when empty or unreadable)."""
        t = f"t{i}"
        if type_ == "text":
            return f"CASE WHEN {t} <> '' THEN lower(upper({t})) END"
        if type_ == "bool":
            folded = f"lower(upper({t}))"
            yes = ", ".join(literal(w) for w in sorted(TRUE))
            no = ", ".join(literal(w) for w in sorted(FALSE))
            return f"CASE WHEN {folded} IN ({yes}) THEN TRUE WHEN {folded} IN ({no}) THEN FALSE END"
        if type_ == "number":
            return f"CASE WHEN isfinite(TRY_CAST(p{i} AS DOUBLE)) THEN TRY_CAST(p{i} AS DOUBLE) END"
        return self.date(f"lower({t})")

    def plain_number(self, i: int) -> str:
        """Field `i`'s trimmed text as plain number text (NULL when no form fits), as `values.number_text`."""
        lowered = f"lower(t{i})"
        compact = (
            f"regexp_replace(regexp_replace(regexp_replace({lowered}, {literal(_re2(CURRENCY_BEFORE))}, '\\1'), "
            f"{literal(_re2(CURRENCY_AFTER))}, ''), {literal(_re2('[' + GROUPING + ']'))}, '', 'g')"
        )
        cases = [f"WHEN regexp_matches({lowered}, {literal('^(?:' + NUMBER + ')$')}) THEN {lowered}"]
        for pattern, drop, dot, when in NUMBER_FORMS:
            if when is not None and when != self.reading.comma_decimal:
                continue
            text = compact
            if drop:
                text = f"replace({text}, {literal(drop)}, '')"
            if dot:
                text = f"replace({text}, {literal(dot)}, '.')"
            cases.append(f"WHEN regexp_matches({compact}, {literal('^(?:' + _re2(pattern) + ')$')}) THEN {text}")
        return f"CASE WHEN t{i} = '' THEN NULL {' '.join(cases)} END"

    @staticmethod
    def date(lowered: str) -> str:
        def part(pattern: str, group: int) -> str:
            return f"regexp_extract({lowered}, {literal(pattern)}, {group})"

        cases = []
        for pattern, (y, m, d) in [(DATE, (1, 2, 3)), *((p, (3, 2, 1)) for p in DAY_FIRST)]:
            full = "^(?:" + _re2(pattern) + ")$"
            text = f"{part(full, y)} || '-' || lpad({part(full, m)}, 2, '0') || '-' || lpad({part(full, d)}, 2, '0')"
            cases.append(
                f"WHEN regexp_matches({lowered}, {literal(full)}) AND {part(full, y)} <> '0000' "
                f"THEN TRY_CAST({text} AS DATE)"
            )
        return f"CASE {' '.join(cases)} END"

    # --- conditions -----------------------------------------------------------------------------
    def condition(self, condition: Condition) -> str:
        op = condition.operator
        if op in ("all", "any"):
            children = [self.condition(c) for c in (condition.all_ if op == "all" else condition.any_) or []]
            if not children:
                return "TRUE" if op == "all" else "FALSE"
            return "(" + (" AND " if op == "all" else " OR ").join(children) + ")"
        if op == "not":
            assert condition.not_ is not None
            return f"(NOT {self.condition(condition.not_)})"
        name = condition.field or ""
        if name not in self.index:
            return "FALSE" if op != "exists" or condition.exists else "TRUE"
        i = self.index[name]
        type_ = self.types.get(name, "text")
        v = f"v{i}"
        if op == "exists":
            return f"({v} IS NOT NULL)" if condition.exists else f"({v} IS NULL)"
        if op == "contains":
            needle = literal(fold(read_operand_text(condition.contains)))
            if type_ == "text":
                return f"COALESCE(strpos({v}, {needle}) > 0, FALSE)"
            return f"({v} IS NOT NULL AND strpos(lower(upper(t{i})), {needle}) > 0)"
        try:
            if op in ("in", "not_in"):
                options = [self.operand(read_operand(o, type_, self.reading)) for o in condition.operand or []]  # type: ignore[attr-defined]
            else:
                operand = self.operand(read_operand(condition.operand, type_, self.reading))
        except Unreadable:
            return "FALSE"
        if op in ("in", "not_in"):
            if not options:
                return "FALSE" if op == "in" else f"({v} IS NOT NULL)"
            keyword = "IN" if op == "in" else "NOT IN"
            return f"COALESCE({v} {keyword} ({', '.join(options)}), FALSE)"
        sign = {"eq": "=", "ne": "<>", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}[op]
        return f"COALESCE({v} {sign} {operand}, FALSE)"

    @staticmethod
    def operand(value: object) -> str:
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, float):
            return f"CAST({literal(repr(value))} AS DOUBLE)"
        if isinstance(value, dt.date):
            return f"CAST({literal(value.isoformat())} AS DATE)"
        return literal(str(value))


def _cells(
    fields: list[str], names: Mapping[str, list[str]], columns: Mapping[str, str] | None, dialect: str
) -> tuple[str, list[str]]:
    """The FROM part's row source and each field's (and id's) raw cell expression."""
    if columns is not None or dialect != "duckdb":
        chosen = dict(columns or {})
        exprs = []
        for name in [ID, *fields]:
            if name in chosen:
                exprs.append(f"CAST({quote_name(chosen[name])} AS VARCHAR)")
            elif columns is None:
                stored = names.get(name, [name])
                exprs.append(f"CAST({quote_name(stored[1] if len(stored) > 1 else stored[0])} AS VARCHAR)")
            else:
                exprs.append("CAST(NULL AS VARCHAR)")
        return "pb_table.*", exprs
    exprs = []
    for name in [ID, *fields]:
        keys = ", ".join(literal(k.strip().casefold()) for k in names.get(name, [name]))
        exprs.append(f"(pb_json ->> list_filter(pb_keys, lambda k: lower(trim(k)) IN ({keys}))[1])")
    return "to_json(pb_table) AS pb_json, json_keys(to_json(pb_table)) AS pb_keys", exprs


def select(
    rules: RuleSet,
    qualification: Qualification,
    *,
    table: str = "leads",
    dialect: str = "duckdb",
    columns: Mapping[str, str] | None = None,
) -> str:
    """The SELECT returning id, the verdict, score and failed for every row of `table`."""
    sql = _Sql(rules, qualification)
    fields = sql.fields
    source, cells = _cells(fields, qualification.column_names(), columns, dialect)
    raw = [f"{cell} AS c{i}" for i, cell in enumerate(cells[1:])]
    trims = [f"regexp_replace(COALESCE(c{i}, ''), {literal(_TRIM)}, '', 'g') AS t{i}" for i in range(len(fields))]
    numbers = [f"{sql.plain_number(i)} AS p{i}" for i, f in enumerate(fields) if sql.types[f] == "number"]
    values = [f"{sql.value(i, sql.types[f])} AS v{i}" for i, f in enumerate(fields)]
    key = "target" if rules.stage == "target" else "sales_ready"

    def rule_set(r: RuleSet, prefix: str) -> tuple[list[str], str]:
        tests = [f"{sql.condition(c)} AS {prefix}r{k}" for k, c in enumerate(r.conditions)]
        points = [
            f"CASE WHEN {sql.condition(c)} THEN {p} ELSE 0 END"
            for c, (_, p, _) in zip(r.score_conditions, r.score, strict=True)
        ]
        return tests, "(" + (" + ".join(points) if points else "0") + f") AS {prefix}score"

    tests, score = rule_set(rules, "")
    columns_out = [*tests, score]
    pre = rules.prerequisite
    if pre is not None:
        pre_tests, pre_score = rule_set(pre, "pre_")
        columns_out += [*pre_tests, pre_score]
    own_ok = " AND ".join([*(f"r{k}" for k in range(len(rules.conditions))), f"score >= {rules.min_score}"])
    failed_items: list[str] = []
    verdict = own_ok
    if pre is not None:
        pre_require = " AND ".join(f"pre_r{k}" for k in range(len(pre.conditions))) or "TRUE"
        short = f"({pre_require} AND pre_score < {pre.min_score})"
        verdict = f"{own_ok} AND {pre_require} AND pre_score >= {pre.min_score}"
        for k, (reason, _) in enumerate(pre.require):
            failed_items.append(f"CASE WHEN NOT pre_r{k} THEN {literal(reason)} END")
        failed_items.append(f"CASE WHEN {short} THEN {literal(rules.short_of_target)} END")
        for k, (reason, _) in enumerate(rules.require):
            same = [f"NOT pre_r{j}" for j, (r, _) in enumerate(pre.require) if r == reason]
            if reason == rules.short_of_target:
                same.append(short)
            unless = f" AND NOT ({' OR '.join(same)})" if same else ""
            failed_items.append(f"CASE WHEN NOT r{k}{unless} THEN {literal(reason)} END")
    else:
        for k, (reason, _) in enumerate(rules.require):
            failed_items.append(f"CASE WHEN NOT r{k} THEN {literal(reason)} END")
    failed = (
        f"list_filter([{', '.join(failed_items)}], lambda x: x IS NOT NULL)"
        if failed_items
        else "CAST([] AS VARCHAR[])"
    )
    id_cell = cells[0]
    text = (
        f"WITH pb_rows AS (\n  SELECT row_number() OVER () AS pb_row, {source} FROM {quote_name(table)} AS pb_table\n"
        f"), pb_cells AS (\n  SELECT pb_row, {id_cell} AS pb_id,\n    "
        + ",\n    ".join(raw or ["NULL AS c_none"])
        + "\n  FROM pb_rows\n"
        f"), pb_trimmed AS (\n  SELECT pb_row, regexp_replace(COALESCE(pb_id, ''), {literal(_TRIM)}, '', 'g') AS pb_id"
        + "".join(",\n    " + t for t in trims)
        + "\n  FROM pb_cells\n"
        "), pb_numbers AS (\n  SELECT *" + "".join(",\n    " + n for n in numbers) + "\n  FROM pb_trimmed\n"
        "), pb_values AS (\n  SELECT *" + "".join(",\n    " + v for v in values) + "\n  FROM pb_numbers\n"
        "), pb_tests AS (\n  SELECT pb_row, pb_id,\n    " + ",\n    ".join(columns_out) + "\n  FROM pb_values\n"
        ")\n"
        f"SELECT COALESCE(NULLIF(pb_id, ''), CAST(pb_row AS VARCHAR)) AS id,\n  {verdict} AS {key},\n"
        f"  score,\n  {failed} AS failed\nFROM pb_tests\nORDER BY pb_row"
    )
    if dialect == "duckdb":
        return text
    import sqlglot  # Why: about 1 s to import, and only `qualify --sql` for a dialect other than DuckDB needs it

    logger = logging.getLogger("sqlglot")
    level = logger.level
    logger.setLevel(logging.ERROR)  # e.g. BigQuery's REGEXP_REPLACE has no 'g': it replaces every match anyway
    try:
        return str(sqlglot.transpile(text, read="duckdb", write=dialect, pretty=True)[0])
    finally:
        logger.setLevel(level)
