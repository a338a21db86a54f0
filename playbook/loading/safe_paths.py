"""The project's fence: nothing outside the project folder is read, whatever a symlink says.

Content comes from pull requests, and a symlink is just another file in one: `data/pages/env.md ->
/proc/self/environ` would publish CI's secrets. Every reader of project files (the loader, templates,
card images, `mkdocs.yml`, exports) asks here first. Links that stay inside the project are allowed;
one that leads out is an error naming the link, and its target is never opened, so no message can
quote what it holds.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from playbook.diagnostics import Diagnostic


def display(root: Path, path: Path) -> str:
    """`path` relative to the project, as diagnostics name files."""
    for base, target in ((root, path), (root.absolute(), path.absolute())):
        try:
            return target.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def outside_message(root: Path, link: Path) -> str:
    return f"`{display(root, link)}` is a symlink to a file outside the project"


def outside_problem(root: Path, link: Path) -> Diagnostic:
    """`data/pages/env.md:1:1: `data/pages/env.md` is a symlink to a file outside the project`."""
    return Diagnostic(display(root, link), 1, 1, outside_message(root, link))


def is_inside(root: Path, path: Path) -> bool:
    """True when `path`, every symlink followed, is the project folder or lies inside it."""
    try:
        real = path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: it cannot be read at all
        return True
    return real.is_relative_to(root.resolve())


def leads_outside(root: Path, path: Path) -> bool:
    """True when `path` itself is a symlink whose target lies outside the project."""
    return os.path.islink(path) and not is_inside(root, path)


def escaping_link(root: Path, path: Path) -> Path | None:
    """The first symlink on the way from the project folder to `path` (included) that leads outside it."""
    try:
        parts = path.absolute().relative_to(root.absolute()).parts
    except ValueError:
        return None if is_inside(root, path) else path
    current = root
    for part in parts:
        current = current / part
        if leads_outside(root, current):
            return current
    return None


def links_out(root: Path, tops: Iterable[Path]) -> list[Path]:
    """Every symlink at or under the `tops` (files and folders) that leads outside the project.

    Links that stay inside are followed (each real folder walked once), so a link inside a linked
    folder is found too; a link that leads out is reported and never entered.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    pending: list[Path] = []
    for top in tops:
        link = escaping_link(root, top)
        if link is not None:
            found.append(link)
        elif os.path.lexists(top):
            pending.append(top)
    while pending:
        folder = pending.pop()
        try:
            real = folder.resolve()
        except (OSError, RuntimeError):
            continue
        if real in seen or not real.is_dir():
            continue
        seen.add(real)
        try:
            with os.scandir(folder) as entries:
                children = sorted(entries, key=lambda e: e.name)
        except OSError:
            continue
        for entry in children:
            path = folder / entry.name
            if entry.is_symlink():
                if not is_inside(root, path):
                    found.append(path)
                    continue
                pending.append(path)
            elif entry.is_dir(follow_symlinks=False):
                pending.append(path)
    return sorted(dict.fromkeys(found))


def within(path: Path, links: Iterable[Path]) -> bool:
    """True when `path` is one of the `links` or lies under one of them."""
    return any(path == link or link in path.parents for link in links)
