"""Rendering results: Rich terminal tables, HTML, JSON, XLSX, Markdown.

Only this package (and the CLI) may import rich. Rounding happens here, never in the core.
"""
