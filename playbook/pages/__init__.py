"""Rendering the website's pages from a playbook: pure Python and Jinja, no MkDocs."""

from playbook.pages.render import Site, render_site

__all__ = ["Site", "render_site"]
