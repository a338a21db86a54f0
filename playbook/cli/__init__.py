"""The `playbook` command line (click): one module per group of commands."""

from playbook.cli.main import main

__all__ = ["main"]
