"""The assessment report: one renderer per output format (PDF, HTML, Markdown, DOCX, ODT, JSON).

Shape (after deon's `formats.py`): `formats.FORMATS` is the registry (assess/rendering/formats.py) of the
`Format` classes that turn a `ReportInput` into bytes; its extensions let `-o report.md` choose Markdown by
itself. The modules each do one job:

- `inputs`     what every renderer is given (assessment, frameworks, result, source YAML)
- `context`    the view of those inputs that templates read (numbering, references, sources)
- `chart`      the assurance chart's geometry (drawn by `partials/chart.svg.j2`)
- `document`   the HTML document, for the browser (standalone) or for the PDF
- `pdf`        the report's PDF: the assessment and its evidence files attached (assess/rendering/pdf.py
               makes the PDF)
- `markdown`   Markdown for code-hosting sites, every user string escaped (assess/rendering/markdown.py)
- `outline`    the report as plain blocks for the editable outputs; `word` (DOCX) and `odf` (ODT) write them,
               `chart_png` draws the chart as the picture they embed
- `extract`    the attached assessment back out of a PDF this tool wrote

What the report shares with the comparison (templates, sandbox, brand, fetcher, HTML to PDF,
Markdown escaping) is in assess/rendering/.
"""
