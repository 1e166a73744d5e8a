"""What reports and comparisons share: the format registry and the plain-text helpers.

- `formats`  `Format` (one class per output: name, extensions, media type, `render(document) -> bytes`) and the
             `Registry` that the command line's `--format`, `-o`'s extension and the workspace's links read
- `plain`    text for the terminal: `wrap`, `clip` (cut with an ellipsis), `one_line`, `short_cite`

The template environment, brand, fetcher and PDF writer the two share stay in `assess/report/` for now
(`templating`, `sandbox`, `brand`, `fetcher`, `pdf`); the comparison imports them from there.
"""
