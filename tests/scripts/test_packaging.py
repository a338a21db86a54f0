"""What `pip install playbook-as-code` gets: every package, every template, label and skeleton, no symlink."""

from __future__ import annotations

import subprocess
import tomllib
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]


def test_every_package_is_listed() -> None:
    found = {
        ".".join(init.parent.relative_to(REPO).parts)
        for init in (REPO / "playbook").rglob("__init__.py")
        if "skeletons" not in init.parts
    }
    assert set(SETUPTOOLS["packages"]) == found | {"playbook.generators"}
    assert SETUPTOOLS["package-dir"] == {"playbook.generators": "generators"}


def test_no_symlink_in_the_package() -> None:
    links = [p for top in ("playbook", "generators") for p in (REPO / top).rglob("*") if p.is_symlink()]
    assert links == []


def test_every_package_data_pattern_matches_files() -> None:
    for package, patterns in SETUPTOOLS["package-data"].items():
        folder = REPO / SETUPTOOLS["package-dir"].get(package, package.replace(".", "/"))
        for pattern in patterns:
            assert any(p.is_file() for p in folder.glob(pattern)), f"{package}: {pattern} matches nothing"


def test_the_wheel_holds_templates_assets_labels_fonts_and_skeletons(tmp_path: Path) -> None:
    uv = REPO / ".venv" / "bin" / "uv"
    subprocess.run([str(uv), "build", "--wheel", "-q", "-o", str(tmp_path), str(REPO)], check=True)
    (wheel,) = tmp_path.glob("playbook_as_code-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in (
        "playbook/generators/pages/objection.md.j2",
        "playbook/generators/cards/card.css",
        "playbook/generators/assets/try-a-lead.js",
        "playbook/generators/theme/partials/source.html",
        "playbook/labels/ru/site.yaml",
        "playbook/fonts/NotoSans-Regular.ttf",
        "playbook/skeletons/init/.github/workflows/playbook.yml",
        "playbook/skeletons/init/data/playbook.yaml",
        "playbook/cli/main.py",
    ):
        assert expected in names, expected
