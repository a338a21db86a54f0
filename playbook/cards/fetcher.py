"""The only way a card reaches a file: package templates and fonts, and images inside `data/`;
and the card's QR codes (`playbook-qr:` addresses, drawn from the address alone, see qr.py).

Every other URL (`file://` elsewhere, `http(s)://`, `data:`, anything else) is refused
without being opened, and remembered so the card that asked for it can be reported.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from playbook.cards.fonts import FONTS
from playbook.cards.qr import qr_of_image_url, qr_png

__all__ = ["FONTS", "CardFetcher", "RefusedURL"]

IMAGE_TYPES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"})
MAX_BYTES = 20 * 1024 * 1024


class RefusedURL(ValueError):
    """A URL the card fetcher will not open."""


class CardFetcher(URLFetcher):  # type: ignore[misc]
    """Serves files under the allowed folders only; records every refused URL in `refused`."""

    def __init__(self, package_dirs: Iterable[Path], data_dir: Path) -> None:
        super().__init__(timeout=1, allowed_protocols=("file",), allow_redirects=False)
        self.package_dirs = [p.resolve() for p in package_dirs]
        self.data_dir = data_dir.resolve()
        self.refused: list[str] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        encoded = qr_of_image_url(url)
        if encoded is not None:
            return URLFetcherResponse(url, qr_png(encoded), headers={"Content-Type": "image/png"})
        try:
            path = self.allowed_path(url)
        except RefusedURL:
            if url not in self.refused:
                self.refused.append(url)
            raise
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), headers={"Content-Type": content_type})

    def allowed_path(self, url: str) -> Path:
        """The local file `url` names, if a card may read it; RefusedURL otherwise."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            raise RefusedURL(f"refused to fetch {url}")
        try:
            path = Path(unquote(parts.path)).resolve(strict=True)
        except (OSError, RuntimeError):
            raise RefusedURL(f"refused to fetch {url}: no such file") from None
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            raise RefusedURL(f"refused to fetch {url}")
        if any(path.is_relative_to(root) for root in self.package_dirs):
            return path
        if path.is_relative_to(self.data_dir) and path.suffix.lower() in IMAGE_TYPES:
            return path
        raise RefusedURL(f"refused to fetch {url}: outside the playbook's data/ folder")

    def __call__(self, url: str) -> URLFetcherResponse:
        return self.fetch(url)
