"""URL fields: `http(s)` only, and nothing in them that could end the attribute they are written into.

A URL from content lands in `href` attributes, MkDocs' `<link rel="canonical">`, Material's repository
link and the QR codes of cards; `javascript:` or a stray quote there runs a script on every page. The
same rule checks the content model's URL fields and the values of `mkdocs.yml`.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

HTTP_URL_ERROR = "http_url"
"""The pydantic error type of a bad URL field; its message follows the field's name."""
_FORBIDDEN = frozenset("\"'`<>\\")
_WHAT = "quotes, angle brackets, backslashes, spaces or control characters"


def _bad_character(value: str) -> bool:
    return any(c in _FORBIDDEN or unicodedata.category(c) in ("Cc", "Cf", "Zs", "Zl", "Zp") for c in value)


def http_url_problem(value: str) -> str | None:
    """Why `value` is not an acceptable `http(s)` URL (the text after the field's name), or None."""
    if _bad_character(value):
        return f"must be an http(s) URL without {_WHAT}"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        return "must be an http(s) URL such as https://example.com/"
    if parts.scheme.lower() not in ("http", "https"):
        scheme = f"`{parts.scheme}:` is not allowed" if parts.scheme else "it has no http:// or https://"
        return f"must be an http(s) URL such as https://example.com/ ({scheme})"
    if not parts.hostname:
        return "must be an http(s) URL with a host name, such as https://example.com/"
    return None


def link_problem(value: str) -> str | None:
    """Why `value` is neither an `http(s)` URL nor a path within the site (`edit/main/`, `img/logo.png`)."""
    if _bad_character(value):
        return f"must be an http(s) URL or a path, without {_WHAT}"
    if value.startswith("//"):
        return "must be an http(s) URL or a path, not `//` and a host"
    if _has_scheme(value):
        return http_url_problem(value)
    return None


def path_problem(value: str) -> str | None:
    """Why `value` is not a path within the site: no URL, no other host, nothing to escape an attribute."""
    if _bad_character(value):
        return f"must be a path within the site, without {_WHAT}"
    if value.startswith("//") or _has_scheme(value):
        return "must be a path within the site, not a URL: the site loads nothing from another host"
    return None


def _has_scheme(value: str) -> bool:
    """True for `javascript:x`, `https://x`, `c:x`: anything a browser may read as a scheme."""
    return ":" in value.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]


def _check(value: str) -> str:
    problem = http_url_problem(value)
    if problem is not None:
        raise PydanticCustomError(HTTP_URL_ERROR, problem)
    return value


HttpUrl = Annotated[
    str,
    AfterValidator(_check),
    Field(json_schema_extra={"format": "uri", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://"}),
]
"""An `http://` or `https://` URL with a host, without quotes, angle brackets, spaces or control characters."""
