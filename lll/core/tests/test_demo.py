"""The one rule of demo loaders: a missing prerequisite stops them with the command to run."""

import pytest
from django.utils import translation

from lll.core.demo import DemoPrerequisiteMissing, command_error, require
from lll.core.errors import UserError


def test_require_returns_what_is_there_and_names_the_command_otherwise():
    assert require("region", "load_territory") == "region"
    with translation.override("en"), pytest.raises(DemoPrerequisiteMissing) as error:
        require(None, "load_territory", "The territory")
    assert isinstance(error.value, UserError)
    assert error.value.command == "load_territory"
    assert str(error.value) == (
        "The territory is missing. Run `lll load_territory` first: the demo data need it."
    )
    with translation.override("pl"):
        message = str(command_error(DemoPrerequisiteMissing("load_occupations")))
    assert "Najpierw uruchom `lll load_occupations`" in message
    assert message.endswith("Niczego nie zmieniono.")
