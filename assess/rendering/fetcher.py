"""The only way WeasyPrint may read anything while it renders a report.

WeasyPrint fetches every URL it meets (images, stylesheets, `@import`, fonts,
`<link rel="attachment">`) through a URL fetcher, and each HTML, CSS and Attachment
object builds an unrestricted one (file, http, https, ftp, data) unless it is handed
another. `TemplateFetcher` serves:

- `assess-templates:NAME`, resolved through the template directories the way the
  templates themselves are (the user's first), and only to a regular file that lies,
  symlinks resolved, inside one of them;
- `file:` URLs whose resolved path lies inside one of those directories;
- `data:` URLs (their content is already in the document; nothing is read).

Everything else (any other file, http, https, ftp, ...) is refused and recorded, so
the command can say what a template tried to load.
"""

from __future__ import annotations

import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from weasyprint.urls import URLFetcher, URLFetcherResponse

from assess.rendering.templating import MAX_ASSET_BYTES, MIME_TYPES, TemplateSet

SCHEME = "assess-templates"
BASE_URL = f"{SCHEME}:/"

# Let relative URLs (`logo.svg`, `fonts/x.woff`) resolve against the private scheme.
for _registry in (urllib.parse.uses_relative, urllib.parse.uses_netloc):
    if SCHEME not in _registry:
        _registry.append(SCHEME)


class RefusedURL(ValueError):
    pass


class TemplateFetcher(URLFetcher):  # type: ignore[misc]
    def __init__(self, templates: TemplateSet) -> None:
        super().__init__(timeout=1, allowed_protocols=[SCHEME, "file", "data"], allow_redirects=False)
        self._templates = templates
        self.refused: list[str] = []
        self.served: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == SCHEME:
            name = urllib.parse.unquote(urllib.parse.urlsplit(url).path).lstrip("/")
            return self._serve(url, self._templates.find(name))
        if scheme == "file":
            path = Path(urllib.request.url2pathname(urllib.parse.urlsplit(url).path)).resolve()
            inside = any(path.is_relative_to(d) for d in self._templates.dirs)
            return self._serve(url, path if inside and path.is_file() else None)
        if scheme == "data":
            with urllib.request.DataHandler().data_open(urllib.request.Request(url)) as response:
                body = response.read()
                content_type = response.headers.get("Content-Type", "application/octet-stream")
            return URLFetcherResponse(url, body, {"Content-Type": content_type})
        return self._refuse(url)

    def _serve(self, url: str, path: Path | None) -> URLFetcherResponse:
        if path is None:
            return self._refuse(url)
        if path.stat().st_size > MAX_ASSET_BYTES:
            return self._refuse(url)
        self.served.append(url)
        mime = MIME_TYPES.get(path.suffix.lower(), "application/octet-stream")
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})

    def _refuse(self, url: str) -> URLFetcherResponse:
        shown = url if len(url) <= 200 else url[:197] + "..."
        if shown not in self.refused:
            self.refused.append(shown)
        raise RefusedURL(f"refused to load {shown}: a report may only use files from its templates directories")
