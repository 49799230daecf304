"""No template of a page holds what the strict Content-Security-Policy blocks (issue 19): inline
script, inline event handlers, `<style>` elements or `style` attributes. Templates of PDF
documents (rendered by WeasyPrint, never sent to a browser) may style themselves inline."""

import re
from pathlib import Path

from django.conf import settings

BLOCKED = {
    "a <style> element": re.compile(r"<style\b", re.IGNORECASE),
    "a style attribute": re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE),
    "an inline event handler": re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE),
    "an inline script": re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "a javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


COMMENT = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", re.DOTALL)


def page_templates() -> list[Path]:
    root = Path(settings.BASE_DIR) / "lll"
    return [
        path
        for path in sorted(root.glob("**/templates/**/*.html"))
        if "pdf" not in path.name and "core/pdf_base.html" not in path.read_text(encoding="utf-8")
    ]


def test_page_templates_hold_nothing_the_content_security_policy_blocks():
    templates = page_templates()
    assert len(templates) > 100
    found = [
        f"{path.relative_to(settings.BASE_DIR)}: {what}"
        for path in templates
        for what, pattern in BLOCKED.items()
        if pattern.search(COMMENT.sub("", path.read_text(encoding="utf-8")))
    ]
    assert found == []
