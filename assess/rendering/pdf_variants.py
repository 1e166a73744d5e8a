"""The PDF variants `--pdf-variant` offers, kept free of imports so the command line can list them
without loading anything."""

# WeasyPrint's variants that keep a tagged structure and write no random identifiers.
PDF_VARIANTS = ("pdf/ua-1", "pdf/ua-2", "pdf/a-1a", "pdf/a-2a", "pdf/a-3a", "pdf/a-2b", "pdf/a-3b", "pdf/a-2u",
                "pdf/a-3u", "pdf/a-4u", "pdf/a-4e", "pdf/a-4f")
DEFAULT_PDF_VARIANT = "pdf/ua-1"
