"""Which pages an edit changes (`pages.incremental`): what is rendered again equals a full render."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from pydantic import BaseModel
from site_support import REPO

from playbook.model import Playbook
from playbook.pages.incremental import BODY, ITEM_KINDS, PageDependencies, index_pages
from playbook.pages.render import Site, render_site
from playbook.project import check_project


@pytest.fixture(scope="module")
def playbook() -> Playbook:
    checked = check_project(REPO, dt.date(2026, 11, 22))
    assert checked.playbook is not None
    return checked.playbook


def _edited(item: BaseModel, fields: frozenset[str] | set[str]) -> BaseModel:
    """`item` with every one of `fields` that holds text changed (and still valid)."""
    update: dict[str, Any] = {}
    for name in fields:
        value = getattr(item, name)
        if isinstance(value, str):
            update[name] = value + " Edited."
        elif isinstance(value, list) and value and isinstance(value[0], str):
            update[name] = [*value, "Edited."]
        elif isinstance(value, list) and value:
            update[name] = value[:-1]
        elif value is None:
            update[name] = "Edited."
    return item.model_copy(update=update)


def _with(playbook: Playbook, kind: str, key: str, item: BaseModel) -> Playbook:
    update: dict[str, Any] = {kind: {**getattr(playbook, kind), key: item}}
    return dataclasses.replace(playbook, **update)


def _changed(before: Site, after: Site) -> set[str]:
    return {path for path, markdown in after.pages.items() if before.pages.get(path) != markdown}


@pytest.mark.parametrize("kind", sorted(BODY))
def test_editing_only_body_fields_changes_no_page_but_the_items_that_mention_it(
    playbook: Playbook, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLAYBOOK_TODAY", "2026-11-22")
    before = render_site(playbook, REPO, workers=1)
    for key, item in getattr(playbook, kind).items():
        edited = _with(playbook, kind, key, _edited(item, BODY[kind]))
        after = render_site(edited, REPO, workers=1)
        pages = PageDependencies().pages_to_render(playbook, edited, before.pages)
        assert pages is not None
        assert _changed(before, after) <= pages, key
        assert not pages & index_pages(before.pages), key
        partial = render_site(edited, REPO, workers=1, only=pages, previous=before)
        assert partial.pages == after.pages, key


def test_a_listed_field_renders_the_indexes_again_and_an_added_item_everything(playbook: Playbook) -> None:
    key, item = next(iter(playbook.objections.items()))
    renamed = _with(playbook, "objections", key, item.model_copy(update={"objection": "Renamed"}))
    paths = render_site(playbook, REPO, workers=1).pages
    pages = PageDependencies().pages_to_render(playbook, renamed, paths)
    assert pages is not None and index_pages(paths) <= pages and f"objections/{key}.md" in pages
    added = dataclasses.replace(playbook, objections={**playbook.objections, "new-one": item})
    assert PageDependencies().pages_to_render(playbook, added, paths) is None
    glossary = dataclasses.replace(playbook, glossary=playbook.glossary.model_copy(update={"terms": []}))
    assert PageDependencies().pages_to_render(playbook, glossary, paths) is None


def test_every_item_kind_with_pages_is_compared() -> None:
    assert set(BODY) <= set(ITEM_KINDS)
