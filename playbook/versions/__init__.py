"""Versions of a playbook: semantic differences between two of them, and reading one from git."""

from playbook.versions.diff import Change, Diff, FieldChange, diff_playbooks

__all__ = ["Change", "Diff", "FieldChange", "diff_playbooks"]
