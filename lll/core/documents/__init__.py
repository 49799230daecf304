"""The documents every app writes, built one way: `docx` for Word files, `pdf` for PDFs (through
the template core/pdf_base.html), `text` for what both share (clean user text, the letterhead,
the page footer)."""

from .text import Letterhead, clean, letterhead, paragraphs

__all__ = ["Letterhead", "clean", "letterhead", "paragraphs"]
