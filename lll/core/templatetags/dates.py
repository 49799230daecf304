"""{% load dates %}: `{{ day|long_date }}` writes "12 marca 2024 r." / "12 March 2024"."""

from django import template

from lll.core import dates

register = template.Library()

register.filter("long_date", dates.long_date)
