"""Placeholders `playbook new` writes (`TODO: ...`): found with their positions, and kept off pages and cards.

A text value that starts with `TODO` is a placeholder. `check` warns about each one (an error under
`--strict`, so CI refuses them), and the site and the cards never show one: a field holding a
placeholder is shown as if it were empty, a list entry holding one is left out (a benefit, a FAQ, a
claim, a glossary term whose definition is still a placeholder), and a name or title still a
placeholder shows the item's id. An item that cannot be shown without its placeholders (a calculator
whose inputs or outputs are placeholders) is left off the site and the cards until it is filled in.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from playbook.model.playbook import Page, Playbook

PLACEHOLDER = re.compile(r"\s*TODO\b")
_LINE = re.compile(r"^(?P<prefix>\s*(?:(?:[#>*+-]|\d+[.)])\s*)*)TODO\b", re.MULTILINE)
TITLE_FIELDS = ("name", "objection", "term")
"""The field that names an item: shown as the item's id while it is still a placeholder."""
Loc = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


def is_placeholder(value: object) -> bool:
    """True for a text value that is still the `TODO` `playbook new` wrote."""
    return isinstance(value, str) and PLACEHOLDER.match(value) is not None


def _data(item: BaseModel | list[BaseModel]) -> Any:
    if isinstance(item, list):
        return [i.model_dump(by_alias=True, exclude_unset=True) for i in item]
    return item.model_dump(by_alias=True, exclude_unset=True)


def placeholder_locs(data: Any, loc: Loc = ()) -> Iterator[Loc]:
    """The position (keys and indexes) of every placeholder in parsed or dumped data."""
    if is_placeholder(data):
        yield loc
    elif isinstance(data, Mapping):
        for key, value in data.items():
            yield from placeholder_locs(value, (*loc, str(key)))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from placeholder_locs(value, (*loc, i))


def items(playbook: Playbook) -> Iterator[tuple[str, BaseModel | list[BaseModel]]]:
    """Every file's content by its key (`icp`, `objections/too-expensive`, `feedback/2026-q4`)."""
    yield "playbook", playbook.settings
    yield "icp", playbook.icp
    yield "qualification", playbook.qualification
    yield "lead_path", playbook.lead_path
    yield "glossary", playbook.glossary
    for folder, item_id, item in playbook.reviewed_items():
        yield f"{folder}/{item_id}", item
    for key, notes in playbook.feedback_files.items():
        yield key, list(notes)


def findings(playbook: Playbook) -> Iterator[tuple[str, Loc]]:
    """(item key, position) of every placeholder in the playbook's YAML."""
    for key, item in items(playbook):
        if isinstance(item, list):
            for i, element in enumerate(item):
                for loc in _locs(element):
                    yield key, (i, *loc)
        else:
            for loc in _locs(item):
                yield key, loc


def _locs(item: BaseModel) -> tuple[Loc, ...]:
    """Where `item`'s placeholders are. Most items hold none: their JSON (written by pydantic-core, in C)
    is searched for `TODO` first, and only an item that has it is walked field by field in Python."""
    if "TODO" not in item.model_dump_json(by_alias=True, exclude_unset=True):
        return ()
    return tuple(placeholder_locs(_data(item)))


def page_findings(page: Page) -> Iterator[tuple[int, int]]:
    """(line, column) of every placeholder line of a hand-written page (`TODO` at a line's start)."""
    for match in _LINE.finditer(page.markdown):
        line = page.markdown.count("\n", 0, match.start()) + 1
        yield line, len(match.group("prefix")) + 1


# -- keeping placeholders off pages and cards ------------------------------------------------------


def _clean(data: Any, *, entity: bool, fallback: str | None) -> Any:
    """`data` without its placeholders; None when the whole value must go.

    An entity (an item, a segment, a persona, a term) loses the fields that are placeholders; its
    title falls back to `fallback` (its id). Any other mapping (a benefit, a FAQ, a claim, pricing)
    goes whole when one of its texts is a placeholder.
    """
    if is_placeholder(data):
        return None
    if isinstance(data, list):
        kept = [_clean(v, entity="id" in v if isinstance(v, dict) else False, fallback=None) for v in data]
        return [v for v in kept if v is not None]
    if not isinstance(data, dict):
        return data
    if not entity and any(is_placeholder(v) for v in data.values()):
        return None
    out: dict[str, Any] = {}
    for key, value in data.items():
        if is_placeholder(value):
            if key in TITLE_FIELDS and entity and (fallback or data.get("id")):
                out[key] = fallback or data.get("id")
            continue
        cleaned = _clean(value, entity=False, fallback=None)
        if cleaned is not None:
            out[key] = cleaned
    return out


def _shown(model: type[M], item: M, fallback: str | None) -> M | None:
    """`item` as pages and cards show it: without placeholders; None when it cannot be shown."""
    if not _locs(item):
        return item
    try:
        return model.model_validate(_clean(_data(item), entity=True, fallback=fallback))
    except ValidationError:
        return None


def _glossary_shown(playbook: Playbook) -> Any:
    glossary = playbook.glossary
    terms = [t for t in glossary.terms if not is_placeholder(t.definition)]
    cleaned = [_shown(type(t), t, None) for t in terms]
    return glossary.model_copy(update={"terms": [t for t in cleaned if t is not None]})


def _page_shown(page: Page) -> Page:
    if not any(True for _ in page_findings(page)):
        return page
    lines = [line for line in page.markdown.split("\n") if not _LINE.match(line)]
    return dataclasses.replace(page, markdown="\n".join(lines))


def without_placeholders(playbook: Playbook) -> Playbook:
    """The playbook as pages and cards show it: no placeholder anywhere (the same object when there is none)."""
    holding = {key for key, _ in findings(playbook)}  # the items made again; the others are kept as they are
    if not holding and not any(any(True for _ in page_findings(p)) for p in playbook.pages):
        return playbook

    def group(folder: str, items: Mapping[str, M]) -> dict[str, M]:
        shown = {
            key: _shown(type(item), item, key) if f"{folder}/{key}" in holding else item for key, item in items.items()
        }
        return {key: item for key, item in shown.items() if item is not None}

    def single(key: str, item: M) -> M:  # the rules of qualification.yaml and lead_path.yaml are shown as written
        return (_shown(type(item), item, None) or item) if key in holding else item

    calculators = {
        key: calc
        for key, calc in group("calculators", playbook.calculators).items()
        if len(calc.outputs) == len(playbook.calculators[key].outputs)
        and len(calc.inputs) == len(playbook.calculators[key].inputs)
    }
    return dataclasses.replace(
        playbook,
        settings=single("playbook", playbook.settings),
        icp=single("icp", playbook.icp),
        glossary=_glossary_shown(playbook) if "glossary" in holding else playbook.glossary,
        objections=group("objections", playbook.objections),
        competitors=group("competitors", playbook.competitors),
        products=group("products", playbook.products),
        calculators=calculators,
        feedback_files={
            k: [n for n in notes if not is_placeholder(n.note)] for k, notes in playbook.feedback_files.items()
        },
        pages=[_page_shown(p) for p in playbook.pages],
    )
