"""`assess compare`: loading the assessments and rendering a `model.Comparison`.

- `build`     `compare(entries, mode)`: the pure function that turns scored entries into a Comparison
- `model`     the Comparison, as data (what `build.compare` returns)
- `load`      files to scored entries, and the refusal when the subjects differ
- `table`     the terminal table (80 columns, no colour)
- `markdown`  Markdown, every user string escaped with the report's `md()`
- `document`  HTML from `templates/compare.html.j2`, and the PDF through the report's
              fetcher and WeasyPrint settings (tagged, metadata, inputs attached)
- `formats`   one `Format` class per `--format`, registered in `formats.FORMATS` (whose extensions serve `-o`)
"""

# Kept free of imports, so the command line can offer them without loading anything.
MODE_NAMES = ("perspectives", "reviews", "board")
