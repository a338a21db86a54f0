"""The QR code on a card: a small PNG (segno) pointing at the item's page under `site_url`.

Cards carry a placeholder naming the URL; the worker that lays a card out turns it into an image
(`fill_qr_codes`) whose address, `playbook-qr:<the URL>`, the card fetcher answers with the code
itself (`qr_png`), so encoding stays off the main process and off cards taken from the cache.

Why a PNG and one mask: drawing the code as an SVG path cost WeasyPrint about 13 ms a code, twice a
card (the path is parsed again on every draw), and letting segno try all eight masks for the one
with the fewest penalties another 10 ms; a 1-bit image drawn without smoothing (`image-rendering:
pixelated`, `/Interpolate false`) costs well under a millisecond and prints as sharp edges, and any
mask gives a valid code (zbar reads every mask's codes at the size a card prints them, smoothed or
not; tests/cards scan the cards).
"""

from __future__ import annotations

import html
import io
import re
from functools import lru_cache
from urllib.parse import quote, unquote, urljoin

import segno

_PLACEHOLDER = re.compile(r'<span class="qr-code" data-url="([^"]*)"></span>')
SCHEME = "playbook-qr:"
"""Image addresses the card fetcher answers with a QR code of the rest of the address (URL-quoted)."""
MASK = 2
"""The mask every code is made with (the one segno finds best for most card addresses)."""
SCALE = 4
"""Pixels per module: edges stay sharp even where a viewer smooths the image anyway."""


def page_url(site_url: str | None, page: str | None) -> str | None:
    """The absolute address of `page` on the site, or None without a `site_url`."""
    if not site_url or page is None:
        return None
    base = site_url if site_url.endswith("/") else site_url + "/"
    return urljoin(base, page)


@lru_cache(maxsize=1024)  # a card shows its code twice (front and back)
def qr_png(url: str) -> bytes:
    """A 1-bit PNG QR code for `url`, with a two-module quiet zone."""
    code = segno.make(url, error="m", micro=False, mask=MASK)
    out = io.BytesIO()
    code.save(out, kind="png", scale=SCALE, border=2, dark="#000", light="#fff")
    return out.getvalue()


def qr_image_url(url: str) -> str:
    """The address of `url`'s QR code, for the card fetcher."""
    return SCHEME + quote(url, safe="")


def qr_of_image_url(address: str) -> str | None:
    """The URL a `playbook-qr:` address encodes; None for any other address."""
    return unquote(address[len(SCHEME) :]) if address.startswith(SCHEME) else None


def qr_placeholder(url: str) -> str:
    """Where a card's QR code for `url` goes (part of the card's HTML, so of its cache key)."""
    return f'<span class="qr-code" data-url="{html.escape(url, quote=True)}"></span>'


def fill_qr_codes(document: str) -> str:
    """`document` with every QR placeholder replaced by the code's image."""
    return _PLACEHOLDER.sub(
        lambda m: f'<img class="qr-image" src="{qr_image_url(html.unescape(m.group(1)))}" alt="">', document
    )
