"""Comparison levels, term-frequency weights, nicknames, the model file and its Splink form."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from backend.errors import BrokenProfile
from backend.services.client_graph.matching import (
    PersonRecord,
    are_nicknames,
    default_match_model,
    estimate,
    load_match_model,
    splink_input_rows,
    to_splink_settings,
)
from backend.services.client_graph.matching.comparisons import compare
from backend.services.client_graph.matching.features import extract_features
from backend.services.client_graph.matching.model import LEVELS
from backend.services.client_graph.matching.nicknames import canonical_names
from backend.services.client_graph.matching.scoring import Scorer

MODEL = default_match_model()


def person(key: str, first: str | None, last: str | None, **fields: object) -> PersonRecord:
    return PersonRecord(key=key, first_name=first, last_name=last, **fields)  # type: ignore[arg-type]


def levels_of(a: PersonRecord, b: PersonRecord) -> dict[str, str | None]:
    (features,), _ = extract_features([[a, b]], min_people=3)
    return dict(zip(LEVELS, compare(features[0], features[1], MODEL.similarity), strict=True))


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("Bob", "Robert"), ("Bill", "William"), ("Peggy", "Margaret"), ("Liz", "Elizabeth"),
        ("Hans", "Johannes"), ("Sepp", "Josef"), ("Pepe", "José"), ("Paco", "Francisco"),
        ("Manu", "Manuel"), ("Lola", "Dolores"), ("Sasha", "Alexander"), ("Toño", "Antonio"),
    ],
)  # fmt: skip
def test_common_short_forms_are_nicknames(short: str, full: str) -> None:
    assert are_nicknames(short, full)
    assert are_nicknames(full.upper(), short.lower())


@pytest.mark.parametrize(("a", "b"), [("John", "Mary"), ("Robert", "Robert"), ("Hans", "Pepe")])
def test_different_or_identical_names_are_not_nicknames(a: str, b: str) -> None:
    assert not are_nicknames(a, b)


def test_nickname_data_holds_a_few_hundred_groups_with_canonical_forms() -> None:
    text = Path("backend/services/client_graph/matching/nicknames.yaml").read_text("utf-8")
    groups = [g for language in yaml.safe_load(text)["groups"].values() for g in language]

    assert len(groups) >= 300
    assert canonical_names("Bob") == ("robert",)
    assert canonical_names("Zyx") == ("zyx",)


@pytest.mark.parametrize(
    ("first_a", "first_b", "level"),
    [
        ("John", "John", "exact"), ("Bob", "Robert", "nickname"), ("Jon", "John", "nickname"),
        ("Jonathon", "Jonathan", "jaro_winkler"), ("Dsvid", "David", "jaro_winkler"),
        ("Kathryn", "Cathrin", "phonetic"), ("J.", "John", "initial"),
        ("Mario", "Maria", "different"), ("Jean", "Jeanne", "different"),
        ("Peter", "Susan", "different"), (None, "Susan", None),
    ],
)  # fmt: skip
def test_first_name_levels(first_a: str | None, first_b: str | None, level: str | None) -> None:
    assert levels_of(person("a", first_a, "X"), person("b", first_b, "X"))["first_name"] == level


@pytest.mark.parametrize(
    ("last_a", "last_b", "level"),
    [
        ("Smith", "Smith", "exact"), ("García López", "García", "double_surname"),
        ("Müller-Lüdenscheidt", "Lüdenscheidt", "double_surname"),
        ("Schulz", "Schlz", "jaro_winkler"), ("Philips", "Fillips", "phonetic"),
        ("Smith", "Jones", "different"),
    ],
)  # fmt: skip
def test_last_name_levels(last_a: str, last_b: str, level: str) -> None:
    assert levels_of(person("a", "Ann", last_a), person("b", "Ann", last_b))["last_name"] == level


def test_names_written_the_other_way_round_are_swapped_not_different() -> None:
    levels = levels_of(person("a", "Laura", "Braunack"), person("b", "Braunack", "Laura"))
    assert (levels["first_name"], levels["last_name"]) == ("swapped", None)


@pytest.mark.parametrize(
    ("birth_a", "birth_b", "level"),
    [
        ("1980-04-09", "1980-04-09", "exact"), ("1980-04-09", "1980-09-04", "transposed"),
        ("1980-04-09", "1980-04-19", "typo"), ("1980-04-09", "1980-11-23", "year"),
        ("1980-04-09", "1975-11-23", "different"),
    ],
)  # fmt: skip
def test_birth_date_levels(birth_a: str, birth_b: str, level: str) -> None:
    a, b = (
        person("a", "Ann", "Lee", birth_date=birth_a),
        person("b", "Ann", "Lee", birth_date=birth_b),
    )
    assert levels_of(a, b)["birth_date"] == level


@pytest.mark.parametrize(
    ("emails_a", "emails_b", "company", "level"),
    [
        (("ann@acme.com",), ("ann@acme.com",), None, "exact"),
        (("zebra77@acme.com",), ("zebra77@gmail.com",), None, "local_part"),
        (("ann.lee@acme.com",), ("ann.lee@gmail.com",), None, "different"),
        (("ann@acme.com",), ("lee@acme.com",), None, "domain"),
        (("ann@acme.com",), ("lee@acme.com",), "acme", "other_mailbox"),
        (("ann@gmail.com",), ("lee@gmail.com",), None, "different"),
        ((), ("ann@acme.com",), None, None),
    ],
)
def test_email_levels(
    emails_a: tuple[str, ...], emails_b: tuple[str, ...], company: str | None, level: str | None
) -> None:
    a = person("a", "Ann", "Lee", emails=emails_a, company_key=company)
    b = person("b", "Ann", "Lee", emails=emails_b, company_key=company)
    assert levels_of(a, b)["email"] == level


def test_missing_values_weigh_nothing() -> None:
    (features,), stats = extract_features(
        [[person("a", "Ann", None), person("b", "Ann", None, phones=("+4930123456",))]],
        min_people=3,
    )
    scorer = Scorer(MODEL, stats, population=2)
    weight, levels = scorer.score(features[0], features[1])

    assert [name for name, level in zip(LEVELS, levels, strict=True) if level] == ["first_name"]
    assert [c.field for c in scorer.explain(features[0], features[1], levels)] == ["first_name"]
    assert weight == pytest.approx(scorer.explain(features[0], features[1], levels)[0].weight)


def test_common_surname_weighs_less_than_a_rare_one() -> None:
    crowd = [person(f"s{i}", f"N{i}", "Smith") for i in range(300)]
    pairs = [
        person("a", "Ann", "Smith"), person("b", "Ann", "Smith"),
        person("c", "Ann", "Quappendorf"), person("d", "Ann", "Quappendorf"),
    ]  # fmt: skip
    (features,), stats = extract_features([crowd + pairs], min_people=3)
    scorer = Scorer(MODEL, stats, population=len(features))
    a, b, c, d = features[-4:]

    smith = next(x for x in scorer.explain(a, b, scorer.score(a, b)[1]) if x.field == "last_name")
    rare = next(x for x in scorer.explain(c, d, scorer.score(c, d)[1]) if x.field == "last_name")

    assert smith.weight < rare.weight - 3
    assert smith.text == f"last name Smith equal (+{smith.weight:.1f}, common)"
    assert rare.level == smith.level == "exact"


def test_model_file_missing_a_level_is_a_broken_profile(tmp_path: Path) -> None:
    document = MODEL.model_dump()
    del document["comparisons"]["phone"]["household"]
    path = tmp_path / "model.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")

    with pytest.raises(BrokenProfile, match="phone must have exactly the levels"):
        load_match_model(path)


def test_splink_settings_carry_every_level_with_the_model_parameters() -> None:
    settings = to_splink_settings(MODEL)
    allowed = {
        "link_type", "unique_id_column_name", "probability_two_random_records_match",
        "sql_dialect", "blocking_rules_to_generate_predictions", "comparisons",
        "retain_intermediate_calculation_columns",
    }  # fmt: skip

    assert set(settings) <= allowed
    assert [c["output_column_name"] for c in settings["comparisons"]] == list(LEVELS)
    for comparison in settings["comparisons"]:
        name = comparison["output_column_name"]
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            parameters = MODEL.comparisons[name][level["label_for_charts"]]
            assert (level["m_probability"], level["u_probability"]) == (parameters.m, parameters.u)
        labels = {lv["label_for_charts"] for lv in comparison["comparison_levels"]}
        assert labels - {"null"} == set(LEVELS[name])
    first = settings["comparisons"][0]["comparison_levels"]
    assert next(lv for lv in first if lv["label_for_charts"] == "exact")[
        "tf_adjustment_column"
    ] == ("first_name")


def test_splink_input_rows_drop_junk_identifiers() -> None:
    rows = splink_input_rows(
        [person("a", "Bob", "Smith", emails=("test@test.com", "bob@acme.com")),
         person("b", "Robert", "Smith", emails=("test@test.com",))],
        MODEL,
    )  # fmt: skip

    assert rows[0]["emails"] == ["bob@acme.com"]
    assert rows[0]["first_name_groups"] == rows[1]["first_name_groups"][:1] or set(
        rows[0]["first_name_groups"]
    ) & set(rows[1]["first_name_groups"])
    assert set(rows[0]["blocking_keys"]) & set(rows[1]["blocking_keys"])


def test_estimate_refines_m_u_and_lambda_from_the_records() -> None:
    records = []
    for i in range(400):
        birth = f"19{50 + i % 50}-0{1 + i % 9}-1{i % 10}"
        records.append(person(f"o{i}", f"First{i % 37}", f"Last{i}", birth_date=birth,
                              postal_code=f"{10000 + i}"))  # fmt: skip
        if i % 2:
            records.append(person(f"d{i}", f"First{i % 37}", f"Last{i}", birth_date=birth,
                                  postal_code=f"{10000 + i}"))  # fmt: skip
    fitted = estimate(records, random_pairs=20_000)

    assert fitted.prior_match_probability != MODEL.prior_match_probability
    assert fitted.comparisons["last_name"]["exact"].m > 0.9
    assert fitted.comparisons["last_name"]["different"].u > 0.9
