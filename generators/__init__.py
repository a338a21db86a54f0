"""The built-in Jinja generators (page and card templates, theme overrides, static assets).

They live at the repository's top, where marketing finds them, and ship inside the package as
`playbook.generators` (pyproject maps the folder), so every module finds them here.
"""

from pathlib import Path

BUILTIN = Path(__file__).resolve().parent
"""The folder of built-in templates: `pages/`, `cards/`, `theme/`, `assets/`."""
ASSETS = BUILTIN / "assets"
"""Static files copied into the site as they are: CSS and JavaScript, never filled in."""
