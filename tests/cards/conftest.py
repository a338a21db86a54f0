"""Cards built once per session: the example (English) and each fixture playbook in ru, lt, pl, ro."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # cards_support, for the test modules here

from cards_support import FIXTURES, REPO, Built, build  # noqa: E402
from tests_support import copy_project  # noqa: E402


@pytest.fixture(scope="session")
def cards_for(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Built]:
    """Build the cards of `en` (the example) or a fixture language once per session, on demand."""
    built: dict[str, Built] = {}

    def get(name: str) -> Built:
        if name not in built:
            source = REPO if name == "en" else FIXTURES / name
            project = copy_project(source, tmp_path_factory.mktemp(name) / "project")
            out = project / "site" / "cards"
            built[name] = Built(project, out, build(project, out))
        return built[name]

    return get


@pytest.fixture(scope="session")
def en_cards(cards_for: Callable[[str], Built]) -> Built:
    """The example playbook's cards (A6), in a copy of the project so its cache is its own."""
    return cards_for("en")


@pytest.fixture(scope="session")
def ru_cards(cards_for: Callable[[str], Built]) -> Built:
    """The Russian fixture's cards (A5)."""
    return cards_for("ru")


@pytest.fixture(scope="session", params=["ru", "lt", "pl", "ro"])
def lang_cards(request: pytest.FixtureRequest, cards_for: Callable[[str], Built]) -> Built:
    """The cards of each non-English fixture playbook."""
    return cards_for(str(request.param))
