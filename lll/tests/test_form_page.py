"""The one form page: in the frame of the section its URL belongs to, with the Cancel link and
the upload encoding the view asks for."""

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import resolve

from lll.core.context_processors import section_base


class NameForm(forms.Form):
    name = forms.CharField()


def render_form_page(path: str, **context: object) -> str:
    request = RequestFactory().get(path)
    request.resolver_match = resolve(path)
    request.user = AnonymousUser()
    return render_to_string("form.html", {"form": NameForm(), "title": "Edit", **context}, request)


def test_a_section_is_a_url_namespace_with_its_own_base_template():
    assert section_base("coordination") == "coordination/base.html"
    assert section_base("consultations") == "consultations/base.html"
    assert section_base("vet") == "vet/base.html"
    assert section_base("territory") == "base.html"
    assert section_base("") == "base.html"


@pytest.mark.parametrize(
    ("path", "menu"),
    [
        ("/koordynacja/posiedzenia/nowe/", 'aria-label="Koordynacja"'),
        ("/konsultacje/", 'aria-label="Koordynacja"'),
        ("/samoocena/", 'aria-label="Samoocena"'),
    ],
)
def test_the_form_page_shows_its_sections_menu_once(path, menu):
    page = render_form_page(path, back_url="/back/")
    assert page.count(menu) == 1
    assert '<h1 class="h2">Edit</h1>' in page
    assert 'href="/back/"' in page


def test_outside_a_section_the_form_page_has_the_plain_frame():
    page = render_form_page("/", back="home", multipart=True, submit_label="Send")
    assert 'aria-label="Koordynacja"' not in page
    assert 'enctype="multipart/form-data"' in page
    assert '<a class="btn btn-link" href="/">' in page
    assert ">Send</button>" in page


def test_a_view_may_name_the_section_itself():
    page = render_form_page("/", back_url="/", section_base="selfassessment/base.html")
    assert page.count('aria-label="Samoocena"') == 1
