"""Message catalogues of the report, one module per language (English is the source)."""
