"""The QR code on a card: a vector SVG (segno) pointing at the item's page under `site_url`.

Cards carry a placeholder naming the URL; the worker that lays a card out draws the code
(`fill_qr_codes`), so encoding stays off the main process and off cards taken from the cache.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from urllib.parse import urljoin

import segno

_PLACEHOLDER = re.compile(r'<span class="qr-code" data-url="([^"]*)"></span>')


def page_url(site_url: str | None, page: str | None) -> str | None:
    """The absolute address of `page` on the site, or None without a `site_url`."""
    if not site_url or page is None:
        return None
    base = site_url if site_url.endswith("/") else site_url + "/"
    return urljoin(base, page)


@lru_cache(maxsize=1024)  # a card shows its code twice (front and back); encoding is most of a card's cost
def qr_svg(url: str) -> str:
    """An inline SVG QR code for `url`, scaled by CSS, with a two-module quiet zone."""
    code = segno.make(url, error="m", micro=False)
    return str(code.svg_inline(scale=1, border=2, omitsize=True, dark="#000", light="#fff"))


def qr_placeholder(url: str) -> str:
    """Where a card's QR code for `url` goes (part of the card's HTML, so of its cache key)."""
    return f'<span class="qr-code" data-url="{html.escape(url, quote=True)}"></span>'


def fill_qr_codes(document: str) -> str:
    """`document` with every QR placeholder replaced by the code itself."""
    return _PLACEHOLDER.sub(lambda m: qr_svg(html.unescape(m.group(1))), document)
