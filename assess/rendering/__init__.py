"""What reports and comparisons share: the rendering kit. Each module does one job:

- `formats`      `Format` (one class per output: name, extensions, media type, `render(document) -> bytes`) and
                 the `Registry` that the command line's `--format`, `-o`'s extension and the workspace's links read
- `templating`   `TemplateSet`: the template directories (a user's `--templates` first), their assets, brand and
                 language, and the sandboxed, autoescaping Jinja2 environment over them
- `environments` those environments built once per process and reused, their compiled templates kept in memory
- `sandbox`      the bounded sandbox: a template from a third party cannot exhaust memory or time
- `isolation`    bidi isolation of the values a template prints
- `brand`        `brand.yaml`: organisation name, colours, logo, sign-off roles
- `fetcher`      the only way WeasyPrint may read anything: template assets, nothing else
- `pdf`          HTML to a tagged PDF through WeasyPrint, with files attached; `pdf_variants` the variants offered
- `markdown`     user text escaped for Markdown (`md`, `inline`, `cell`, `link`)
- `plain`        text for the terminal: `wrap`, `clip` (cut with an ellipsis), `one_line`, `short_cite`
- `chapters`, `links`, `timestamp`  a contents entry, the addresses a document may link to, a file's build time

WeasyPrint is imported only by `fetcher` and `pdf`, and only when a PDF is made.
"""
