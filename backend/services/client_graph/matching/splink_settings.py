"""The match model expressed for Splink: a settings dictionary and the input rows it reads.

It owns the translation of `MatchModel` into Splink 4/5 settings (DuckDB SQL; Splink transpiles
to Spark with sqlglot): one comparison per entry of `model.LEVELS` with the same levels in the
same order, each level's m and u, term-frequency adjustment on exact names and companies with
the model's minimum frequency, and one exploding blocking rule over the precomputed blocking keys
(oversized blocks already dropped). The derived columns the SQL reads (folded names, metaphone
codes, nickname groups, usable e-mails and phones after junk and shared identifiers are removed)
come from `splink_input_rows`, computed by the same code the in-process engine uses. What stays
outside Splink: source links are deterministic (applied before probabilistic scoring), the caps
of `judging.py` (applied to its predictions), the tf smoothing for small batches (Splink uses
raw frequencies), the shrinking of lambda for large data sets (set it per run), and the lookup
of names written the other way round (its equi-join blocking has no probe-only keys).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from .blocking import blocking_keys
from .features import extract_features
from .model import LEVELS, MatchModel
from .records import PersonRecord

_DIALECT = "duckdb"


def _jw(left: str, right: str, threshold: float) -> str:
    return f"jaro_winkler_similarity({left}, {right}) >= {threshold}"


def _any(column: str) -> str:
    return f"list_has_any({column}_l, {column}_r)"


def _null(*columns: str) -> str:
    return " OR ".join(f"{c}_l IS NULL OR {c}_r IS NULL" for c in columns)


def _conditions(model: MatchModel) -> dict[str, list[tuple[str, str]]]:
    """(level, SQL condition) per comparison, in evaluation order; "null" levels weigh 0."""
    similarity = model.similarity
    first_jw = _jw("first_name_l", "first_name_r", similarity.first_name_jaro_winkler)
    last_jw = _jw("last_name_l", "last_name_r", similarity.last_name_jaro_winkler)
    initial = "(length(first_name_l) = 1 OR length(first_name_r) = 1)"
    first_agree = (
        f"(first_name_l = first_name_r OR {_any('first_name_groups')} OR {first_jw} "
        "OR first_name_metaphone_l = first_name_metaphone_r)"
    )
    last_agree = (
        f"(last_name_l = last_name_r OR ((len(last_name_parts_l) > 1 OR "
        f"len(last_name_parts_r) > 1) AND {_any('last_name_parts')}) OR {last_jw} "
        "OR last_name_metaphone_l = last_name_metaphone_r)"
    )
    names_present = f"NOT ({_null('first_name', 'last_name')})"
    first_differs = f"{names_present} AND NOT {initial} AND NOT {first_agree}"
    swapped = (
        f"{first_differs} AND NOT {last_agree} AND "
        f"{_jw('first_name_l', 'last_name_r', similarity.last_name_jaro_winkler)} AND "
        f"{_jw('last_name_l', 'first_name_r', similarity.last_name_jaro_winkler)}"
    )
    household = f"{first_differs} AND {last_agree}"
    street_jw = _jw("street_l", "street_r", similarity.street_jaro_winkler)
    company_jw = _jw("company_key_l", "company_key_r", similarity.company_jaro_winkler)
    city_jw = _jw("city_l", "city_r", similarity.city_jaro_winkler)
    year = "substr(birth_date_l, 1, 4) = substr(birth_date_r, 1, 4)"
    return {
        "first_name": [
            ("null", _null("first_name")),
            ("initial", f"{initial} AND substr(first_name_l, 1, 1) = substr(first_name_r, 1, 1)"),
            ("different", initial),
            ("exact", "first_name_l = first_name_r"),
            ("swapped", swapped),
            ("nickname", _any("first_name_groups")),
            ("jaro_winkler", first_jw),
            ("phonetic", "first_name_metaphone_l = first_name_metaphone_r"),
            ("different", "ELSE"),
        ],
        "last_name": [
            ("null", f"{_null('last_name')} OR ({swapped})"),
            ("exact", "last_name_l = last_name_r"),
            (
                "double_surname",
                f"(len(last_name_parts_l) > 1 OR len(last_name_parts_r) > 1) "
                f"AND {_any('last_name_parts')}",
            ),
            ("jaro_winkler", last_jw),
            ("phonetic", "last_name_metaphone_l = last_name_metaphone_r"),
            ("different", "ELSE"),
        ],
        "email": [
            ("null", "len(emails_l) = 0 OR len(emails_r) = 0"),
            ("household", f"{_any('emails')} AND {household}"),
            ("exact", _any("emails")),
            ("local_part", _any("email_locals")),
            (
                "other_mailbox",
                f"{_any('email_domains')} AND (company_key_l = company_key_r OR {company_jw})",
            ),
            ("domain", _any("email_domains")),
            ("different", "ELSE"),
        ],
        "phone": [
            ("null", "len(phones_l) = 0 OR len(phones_r) = 0"),
            ("household", f"{_any('phones')} AND {household}"),
            ("shared", _any("phones")),
            ("different", "ELSE"),
        ],
        "company": [
            ("null", _null("company_key")),
            ("exact", "company_key_l = company_key_r"),
            ("jaro_winkler", company_jw),
            ("different", "ELSE"),
        ],
        "location": [
            ("postal_code", "postal_code_l = postal_code_r"),
            ("city", f"city_l = city_r OR {city_jw}"),
            ("different", f"NOT ({_null('city')}) OR NOT ({_null('postal_code')})"),
            ("null", "ELSE"),
        ],
        "street": [
            ("null", _null("street")),
            ("exact", "street_l = street_r"),
            ("jaro_winkler", street_jw),
            ("different", "ELSE"),
        ],
        "birth_date": [
            ("null", _null("birth_date")),
            ("exact", "birth_date_l = birth_date_r"),
            (
                "transposed",
                f"{year} AND substr(birth_date_l, 6, 2) = substr(birth_date_r, 9, 2) "
                "AND substr(birth_date_l, 9, 2) = substr(birth_date_r, 6, 2)",
            ),
            (
                "typo",
                "length(birth_date_l) = length(birth_date_r) AND "
                "damerau_levenshtein(birth_date_l, birth_date_r) = 1",
            ),
            ("year", year),
            ("different", "ELSE"),
        ],
    }


_TF_COLUMNS = {"first_name": "first_name", "last_name": "last_name", "company": "company_key"}


def _level(model: MatchModel, comparison: str, level: str, condition: str) -> dict[str, Any]:
    if level == "null":
        return {"sql_condition": condition, "label_for_charts": "null", "is_null_level": True}
    parameters = model.comparisons[comparison][level]
    entry: dict[str, Any] = {
        "sql_condition": condition,
        "label_for_charts": level,
        "m_probability": parameters.m,
        "u_probability": parameters.u,
    }
    if parameters.term_frequency:
        entry["tf_adjustment_column"] = _TF_COLUMNS[comparison]
        entry["tf_adjustment_weight"] = 1.0
        entry["tf_minimum_u_value"] = model.term_frequency.minimum_frequency
    return entry


def to_splink_settings(model: MatchModel) -> dict[str, Any]:
    """A Splink settings dictionary (DuckDB SQL) with the same comparisons, m and u."""
    conditions = _conditions(model)
    return {
        "link_type": "link_and_dedupe",
        "unique_id_column_name": "key",
        "probability_two_random_records_match": model.prior_match_probability,
        "sql_dialect": _DIALECT,
        "blocking_rules_to_generate_predictions": [
            {
                "blocking_rule": "l.blocking_keys = r.blocking_keys",
                "arrays_to_explode": ["blocking_keys"],
                "sql_dialect": _DIALECT,
            }
        ],
        "comparisons": [
            {
                "output_column_name": name,
                "comparison_description": f"{name}: {', '.join(LEVELS[name])}",
                "comparison_levels": [
                    _level(model, name, level, condition) for level, condition in conditions[name]
                ],
            }
            for name in LEVELS
        ],
        "retain_intermediate_calculation_columns": True,
    }


def splink_input_rows(records: Sequence[PersonRecord], model: MatchModel) -> list[dict[str, Any]]:
    """The rows Splink reads: derived columns named as `to_splink_settings`' SQL expects."""
    (features,), _ = extract_features([records], min_people=model.shared_identifier_min_people)
    keys = [blocking_keys(f) for f in features]
    sizes = Counter(key for record_keys in keys for key in set(record_keys))
    rows: list[dict[str, Any]] = []
    for feature, record_keys in zip(features, keys, strict=True):
        rows.append(
            {
                "key": feature.record.key,
                "first_name": feature.first or None,
                "first_name_metaphone": feature.first_meta or None,
                "first_name_groups": sorted(feature.first_groups),
                "last_name": feature.last or None,
                "last_name_parts": list(feature.last_parts),
                "last_name_metaphone": feature.last_meta or None,
                "emails": list(feature.emails),
                "email_locals": list(feature.email_locals),
                "email_domains": list(feature.email_domains),
                "phones": list(feature.phones),
                "company_key": feature.company or None,
                "city": feature.city or None,
                "postal_code": feature.postal or None,
                "street": feature.street or None,
                "birth_date": feature.birth or None,
                "blocking_keys": sorted(
                    {
                        k
                        for k in record_keys
                        if sizes[k] <= model.blocking.max_block_size or k[0] == "s"
                    }
                ),
            }
        )
    return rows
