"""Untrusted text and hostile templates: nothing is read, attached or fetched.

Answers come from anyone; a templates directory may come from anyone too. WeasyPrint
would otherwise follow file: and http: URLs in images, stylesheets, @import and
`<link rel="attachment">`. These tests plant all of them, with a canary file outside
the templates and a local HTTP server that records any request, and check that the
canary's content is nowhere in the PDF, nothing but the assessment is attached, and
the server heard nothing.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from assess.errors import AssessError
from assess.rendering.templating import TemplateSet
from assess.report.extract import attachments
from tests.report_support import FIXTURE_ASSESSMENT, fixture_args, pdfdetach_list, pdftotext, run

CANARY = "CANARY-7f3a9c-SECRET"


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Recorder.requests.append(self.path)
        body = b"body { color: red } " + CANARY.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    _Recorder.requests = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", _Recorder.requests
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def canary(tmp_path: Path) -> Path:
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(CANARY + "\n")
    (secret.parent / "secret.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text y="9">{CANARY}</text></svg>')
    (secret.parent / "secret.css").write_text(f'body::after {{ content: "{CANARY}" }}')
    return secret


def _hostile_markup(base: str, secret: Path) -> str:
    folder = secret.parent
    return (
        f'<img src="file://{secret}" alt="x"><img src="file://{folder}/secret.svg" alt="x">'
        f'<img src="{base}/image.png" alt="x">'
        f'<link rel="attachment" href="file://{secret}">'
        f'<a rel="attachment" href="file://{secret}">attached</a>'
        f'<link rel="stylesheet" href="file://{folder}/secret.css">'
        f'<link rel="stylesheet" href="{base}/linked.css">'
        f'<style>@import url({base}/imported.css); @import url(file://{folder}/secret.css);</style>'
        f'<iframe src="file://{secret}"></iframe><object data="file://{secret}"></object>'
    )


def _check_clean(pdf: Path, requests: list[str]) -> None:
    data = pdf.read_bytes()
    assert requests == [], f"the report fetched {requests}"
    assert pdfdetach_list(pdf) == ["assessment.yaml"]
    assert list(attachments(data)) == ["assessment.yaml"]
    assert CANARY not in pdftotext(pdf)
    assert CANARY.encode() not in data


def test_hostile_answers_are_text(tmp_path: Path, server: tuple[str, list[str]], canary: Path) -> None:
    base, requests = server
    markup = _hostile_markup(base, canary)
    source = tmp_path / "hostile.yaml"
    text = FIXTURE_ASSESSMENT.read_text(encoding="utf-8")
    text = text.replace("title: \"Fixture pilot & review <script>alert(1)</script>\"",
                        "title: " + _yaml_quote(f'Pilot <img src="file://{canary}" alt="x">'
                                                f'<link rel="attachment" href="file://{canary}">'))
    text = text.replace("comments: {answer: \"Staff were not told <b>in advance</b>.\"}",
                        "comments: {answer: " + _yaml_quote(markup) + ", note: " + _yaml_quote(markup) + "}")
    source.write_text(text, encoding="utf-8")
    pdf = tmp_path / "hostile.pdf"
    done = run("report", source, "-o", pdf, *fixture_args())
    assert done.returncode == 0, done.stderr
    _check_clean(pdf, requests)
    # The markup is on the page as the text it is.
    flat = "".join(pdftotext(pdf).split())
    assert "<linkrel=\"attachment\"" in flat and "@importurl(" in flat
    # HTML and Markdown escape it too.
    html_out = tmp_path / "hostile.html"
    assert run("report", source, "-o", html_out, *fixture_args()).returncode == 0
    page = html_out.read_text(encoding="utf-8")
    assert "<img src=\"file://" not in page and "<link rel=\"attachment\"" not in page
    assert "&lt;link rel=&#34;attachment&#34;" in page  # as markupsafe escapes a quote
    md_out = tmp_path / "hostile.md"
    assert run("report", source, "-o", md_out, *fixture_args()).returncode == 0
    assert "<img" not in md_out.read_text(encoding="utf-8") and "<link" not in md_out.read_text(encoding="utf-8")
    assert requests == []


def test_hostile_templates_directory(tmp_path: Path, server: tuple[str, list[str]], canary: Path) -> None:
    base, requests = server
    templates = tmp_path / "templates"
    (templates / "partials").mkdir(parents=True)
    markup = _hostile_markup(base, canary)
    (templates / "partials" / "cover.j2").write_text(f"<header>{markup}<h1>{{{{ report.title }}}}</h1></header>")
    (templates / "extra.css").write_text(
        f"@import url({base}/extra-import.css);\n@import url(file://{canary.parent}/secret.css);\n"
        f"body {{ background: url(file://{canary}); }}\n"
        f"@font-face {{ font-family: x; src: url({base}/font.woff); }}\n"
        f"h1 {{ background: url(../../outside/secret.svg); }}\n")
    # A symlink that points out of the directory is not followed, for assets or for templates.
    (templates / "logo.svg").symlink_to(canary.parent / "secret.svg")
    (templates / "brand.yaml").write_text("logo: logo.svg\nlogo_alt: Logo\n")
    pdf = tmp_path / "hostile-templates.pdf"
    done = run("report", FIXTURE_ASSESSMENT, "-o", pdf, "--templates", templates, *fixture_args())
    assert done.returncode == 0, done.stderr
    _check_clean(pdf, requests)
    # The user is told what the templates tried to load.
    assert "tried to load" in done.stderr and base in done.stderr and str(canary) in done.stderr


def test_templates_cannot_escape_the_sandbox(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "report.html.j2").write_text(
        "{{ ''.__class__.__mro__[1].__subclasses__() }}{{ report.__init__.__globals__ }}")
    done = run("report", FIXTURE_ASSESSMENT, "-o", tmp_path / "x.html", "--templates", templates, *fixture_args())
    assert done.returncode == 2
    assert "error: template:" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "x.html").exists()


def test_template_lookup_stays_inside_the_directories(tmp_path: Path, canary: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "escape.svg").symlink_to(canary)
    found = TemplateSet(templates)
    for name in ("../outside/secret.txt", str(canary), "escape.svg", "/etc/passwd", "..\\x", ""):
        assert found.find(name) is None, name
    assert found.find("report.css") is not None
    with pytest.raises(AssessError):
        found.read("escape.svg")


def test_fetcher_serves_only_template_files(tmp_path: Path, canary: Path) -> None:
    from assess.rendering.fetcher import TemplateFetcher

    fetcher = TemplateFetcher(TemplateSet(None))
    assert b"<svg" in fetcher.fetch("assess-templates:/logo.svg").read()
    assert fetcher.fetch("data:text/plain,hi").read() == b"hi"
    shipped = TemplateSet(None).find("report.css")
    assert shipped is not None and fetcher.fetch(shipped.as_uri()).read()
    for url in (canary.as_uri(), "file:///etc/passwd", "http://127.0.0.1:9/x", "https://example.org/",
                "ftp://example.org/x", "assess-templates:/../outside/secret.txt", "gopher://x", "javascript:x"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert canary.as_uri() in fetcher.refused


def _yaml_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def test_a_template_symlinked_outside_its_directory_is_not_read(tmp_path: Path, canary: Path) -> None:
    templates = tmp_path / "templates"
    (templates / "partials").mkdir(parents=True)
    (templates / "partials" / "cover.j2").symlink_to(canary)  # as a cloned branding repository could ship
    out = tmp_path / "x.html"
    done = run("report", FIXTURE_ASSESSMENT, "-o", out, "--templates", templates, *fixture_args())
    assert done.returncode == 0, done.stderr
    # The shipped cover is used instead, and the canary never reaches the report.
    assert canary.read_text() not in out.read_text()
