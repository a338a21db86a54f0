"""Reading a playbook as it was at a git ref (or from another folder), for `playbook diff`."""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections import OrderedDict
from pathlib import Path

from playbook.diagnostics import Diagnostic, PlaybookError
from playbook.loading import load_playbook
from playbook.model import Playbook
from playbook.versions.diff import Diff, diff_playbooks


class GitError(Exception):
    """A git command failed; the message says which and why."""


class UnknownVersion(Exception):
    """A version named on the command line is neither a project folder nor a commit git knows."""


def load_version(root: Path, ref: str | None, *, freeze: bool = True) -> Playbook:
    """The playbook in the working tree (`ref` None), in another project folder, or at a git ref.

    `freeze` is the loader's (`load_playbook`): False in a long-running server."""
    if ref is None:
        return _load(root, freeze)
    folder = Path(ref)
    if folder.is_dir() and (folder / "data").is_dir():
        return _load(folder, freeze)
    with tempfile.TemporaryDirectory(prefix="playbook-diff-") as tmp:
        _export_data(root, ref, Path(tmp))
        return _load(Path(tmp), freeze)


def tags_by_version(root: Path) -> list[str]:
    """The repository's tags, oldest version first (`v1.2.0` sorts after `v1.10.0` correctly)."""
    try:
        out = _git(root, "tag", "--list", "--sort=version:refname")
    except GitError:
        return []
    return [line for line in out.decode().splitlines() if line]


def previous_tag(root: Path, version: str) -> str | None:
    """The version tag to compare the working tree with.

    When HEAD is itself tagged (a release build), or `version` names a tag, the tag before it;
    otherwise the newest tag, so that the unreleased work shows what it changes.
    """
    tags = tags_by_version(root)
    if not tags:
        return None
    try:
        at_head = set(_git(root, "tag", "--points-at", "HEAD").decode().split())
    except GitError:
        at_head = set()
    by_version = {tag.removeprefix("v"): tag for tag in tags}
    current = max((tags.index(t) for t in at_head if t in tags), default=None)
    if current is None and version.removeprefix("v") in by_version:
        current = tags.index(by_version[version.removeprefix("v")])
    if current is None:
        return tags[-1]
    return tags[current - 1] if current > 0 else None


def _load(root: Path, freeze: bool) -> Playbook:
    loaded = load_playbook(root, freeze=freeze)
    if loaded.playbook is None:
        raise PlaybookError(loaded.diagnostics)
    return loaded.playbook


def _export_data(root: Path, ref: str, target: Path) -> None:
    try:
        prefix = _git(root, "rev-parse", "--show-prefix").decode().strip()
    except GitError:
        raise UnknownVersion(f"`{ref}` is not a project folder, and {root} is not in a git repository") from None
    try:
        _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    except GitError:
        raise UnknownVersion(f"`{ref}` is neither a project folder nor a git tag, branch or commit") from None
    try:
        archive = _git(root, "archive", "--format=tar", ref, "--", f"{prefix}data")
    except GitError as exc:
        raise PlaybookError([Diagnostic("data", 1, 1, f"cannot read `{ref}` from git: {exc}")]) from None
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in tar.getmembers():
            if not (member.isfile() or member.isdir()) or ".." in Path(member.name).parts:
                continue
            member.name = member.name[len(prefix) :]
            tar.extract(member, target, filter="data")


def _git(root: Path, *args: str) -> bytes:
    try:
        run = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    if run.returncode != 0:
        raise GitError(run.stderr.decode(errors="replace").strip() or f"git {args[0]} failed")
    return run.stdout


def changes_since_previous(
    root: Path, playbook: Playbook, version: str, tagged: TaggedVersions | None = None, *, freeze: bool = True
) -> Diff | None:
    """What changed since the previous version tag, or None when there is no earlier version to compare.

    `tagged` keeps the playbooks read from git for the next call (`serve` holds one for its rebuilds);
    without it the tag is read again. `freeze` is the loader's: False in a long-running server.
    """
    tag = previous_tag(root, version)
    if tag is None:
        return None
    old = (tagged if tagged is not None else TaggedVersions(maxsize=1)).get(root, tag, freeze=freeze)
    return diff_playbooks(old, playbook) if old is not None else None


class TaggedVersions:
    """Playbooks read from git at a tag, by project and commit, owned by whoever compares versions again.

    A commit never changes, so an entry is never stale; at most `maxsize` are kept, the least recently
    used dropped first (a server compares with one previous tag; a new tag while it runs adds one).
    """

    def __init__(self, maxsize: int = 4) -> None:
        if maxsize < 1:
            raise ValueError("TaggedVersions holds at least one version")
        self.maxsize = maxsize
        self._versions: OrderedDict[tuple[str, str], Playbook | None] = OrderedDict()

    def __len__(self) -> int:
        return len(self._versions)

    def get(self, root: Path, tag: str, *, freeze: bool = True) -> Playbook | None:
        """The playbook at `tag`, read from git once per commit; None when git cannot name it or it no longer loads."""
        try:
            commit = _git(root, "rev-parse", f"{tag}^{{commit}}").decode().strip()
        except GitError:
            return None
        key = (str(root.resolve()), commit)
        if key in self._versions:
            self._versions.move_to_end(key)
            return self._versions[key]
        try:
            old: Playbook | None = load_version(root, tag, freeze=freeze)
        except PlaybookError:
            old = None  # an old version that no longer loads is not worth failing today's build
        self._versions[key] = old
        while len(self._versions) > self.maxsize:
            self._versions.popitem(last=False)
        return old
