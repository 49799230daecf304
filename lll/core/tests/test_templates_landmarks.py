"""A table's scroll region (`core/_table.html` with `labelledby`) takes its name from the heading
it is given; a section labelled by that same heading would be a second region of the same name,
which axe reports as `landmark-unique` (screen-reader users hear two identical landmarks)."""

import re

from django.conf import settings

from lll.core.tests.test_templates_policy import page_templates

TABLE_LABELLED_BY = re.compile(r'core/_table\.html" with [^%]*labelledby="([^"]+)"')


def test_no_section_is_labelled_by_the_heading_that_names_its_table():
    found = []
    for path in page_templates():
        text = path.read_text(encoding="utf-8")
        for heading in TABLE_LABELLED_BY.findall(text):
            if re.search(rf'<section\b[^>]*aria-labelledby="{re.escape(heading)}"', text):
                found.append(f"{path.relative_to(settings.BASE_DIR)}: {heading}")
    assert found == []
