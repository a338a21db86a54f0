"""Prefilled new-issue links to the playbook's tracker, for "Report from the field" on pages and cards."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

ISSUE_FORM = "field-feedback.yml"


def feedback_url(repo_url: str | None, item: str, title: str, version: str) -> str | None:
    """A new-issue URL naming the item and the version; GitHub issue forms, or GitLab's equivalent."""
    if not repo_url:
        return None
    base = repo_url.rstrip("/").removesuffix(".git")
    host = urlsplit(base).hostname or ""
    summary = f"Field feedback: {title}"
    if "gitlab" in host:
        description = (
            f"**Item:** {item}\n**Playbook version:** {version}\n**Outcome:** won / lost / open\n\n**What happened:**\n"
        )
        query = urlencode({"issue[title]": summary, "issue[description]": description})
        return f"{base}/-/issues/new?{query}"
    query = urlencode(
        {"template": ISSUE_FORM, "title": summary, "labels": "field-feedback", "item": item, "version": version}
    )
    return f"{base}/issues/new?{query}"
