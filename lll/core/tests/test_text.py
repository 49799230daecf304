"""One Polish sort order and one place-name key for every app."""

import pytest

from lll.core.text import place_key, polish_key, search_key, sorted_polish


def test_polish_key_orders_the_polish_way():
    names = ["śląskie", "łódzkie", "mazowieckie", "lubuskie", "małopolskie", "świętokrzyskie"]
    assert sorted(names, key=polish_key) == [
        "lubuskie",
        "łódzkie",
        "małopolskie",
        "mazowieckie",
        "śląskie",
        "świętokrzyskie",
    ]


def test_l_comes_before_l_with_stroke_and_z_letters_in_their_order():
    names = ["Żak", "Łada", "Zięba", "Lutek", "Źrebak", "Ćma", "Czarny", "Cebula"]
    assert sorted_polish(names, str) == [
        "Cebula",
        "Czarny",
        "Ćma",
        "Lutek",
        "Łada",
        "Zięba",
        "Źrebak",
        "Żak",
    ]


def test_case_only_breaks_ties_and_foreign_letters_sit_by_their_base():
    assert sorted_polish(["nowak", "Müller", "Nowak", "Mazur", "Mróz"], str) == [
        "Mazur",
        "Mróz",
        "Müller",
        "Nowak",
        "nowak",
    ]


def test_sorted_polish_takes_several_keys():
    people = [("Łada", "Anna"), ("Lutek", "Zofia"), ("Lutek", "Adam")]
    assert sorted_polish(people, lambda p: p[0], lambda p: p[1]) == [
        ("Lutek", "Adam"),
        ("Lutek", "Zofia"),
        ("Łada", "Anna"),
    ]


@pytest.mark.parametrize(
    "name",
    ["m. st. Warszawa", "Powiat m. st. Warszawa", "powiat m.st. Warszawa", "Warszawa", "WARSZAWA"],
)
def test_every_spelling_of_the_capital_is_one_key(name):
    assert place_key(name) == "warszawa"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Województwo PODLASKIE", "podlaskie"),
        ("powiat łomżyński", "lomzynski"),
        ("Powiat m. Łomża", "lomza"),
        ("miasto Białystok", "bialystok"),
        ("  powiat   bielski ", "bielski"),
    ],
)
def test_place_key_drops_what_files_put_before_the_name(name, key):
    assert place_key(name) == key


def test_search_key_forgives_diacritics():
    assert search_key("Łomża") == "lomza"
