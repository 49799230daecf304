"""The coordination test team, with the consultation fixtures, for the public-office tests."""

from lll.consultations.tests import conftest as consultations

team = consultations.team
setup = consultations.setup
