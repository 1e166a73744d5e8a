"""The assessment report: one renderer per output format (PDF, HTML, Markdown, DOCX, ODT, JSON).

Shape (after deon's `formats.py`): `formats.FORMATS` is the registry (assess/rendering/formats.py) of the
`Format` classes that turn a `ReportInput` into bytes; its extensions let `-o report.md` choose Markdown by
itself. The modules each do one job:

- `inputs`     what every renderer is given (assessment, frameworks, result, source YAML)
- `context`    the view of those inputs that templates read (numbering, references, sources)
- `brand`      `brand.yaml`: organisation name, colours, logo, sign-off roles
- `templating` the sandboxed, autoescaping Jinja2 environment over the template directories
- `chart`      the assurance chart's geometry (drawn by `partials/chart.svg.j2`)
- `document`   the HTML document, for the browser (standalone) or for the PDF
- `fetcher`    the only way WeasyPrint may read anything: template assets, nothing else
- `pdf`        HTML to tagged PDF through WeasyPrint, with the assessment attached
- `markdown`   Markdown for code-hosting sites, every user string escaped
- `outline`    the report as plain blocks for the editable outputs; `word` (DOCX) and `odf` (ODT) write them,
               `chart_png` draws the chart as the picture they embed
- `extract`    the attached assessment back out of a PDF this tool wrote

WeasyPrint is imported only by `fetcher` and `pdf`, and only when a PDF is made.
"""

# Kept here, free of imports, so the command line can offer them without loading anything.
# WeasyPrint's variants that keep a tagged structure and write no random identifiers.
PDF_VARIANTS = ("pdf/ua-1", "pdf/ua-2", "pdf/a-1a", "pdf/a-2a", "pdf/a-3a", "pdf/a-2b", "pdf/a-3b", "pdf/a-2u",
                "pdf/a-3u", "pdf/a-4u", "pdf/a-4e", "pdf/a-4f")
DEFAULT_PDF_VARIANT = "pdf/ua-1"
