"""Mapping-accuracy benchmark: profile inference and mapping proposal on real export header sets.

Reads `bench/data/mapping_headers.yaml` (header sets of vendor exports and hand-made spreadsheets
with the right outcome per column), builds each file's column statistics with ingest's own
`ColumnProfiler` over generated sample values, infers the profile, proposes the mapping with it and
prints: the share of columns proposed right, the number of WRONG mappings proposed with confidence
>= 0.8 (worse than leaving a column unresolved), the profiles inferred and every miss.

Run: `.venv/bin/python bench/mapping_accuracy.py` (from the repository root).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from itertools import cycle, islice
from pathlib import Path
from typing import Any

import yaml

from backend.contracts.imports import ColumnStats
from backend.contracts.mapping import MappingManifest
from backend.services.imports.column_profile import ColumnProfiler
from backend.services.imports.mapping_proposal import propose_mapping
from backend.services.imports.profile_inference import infer_profile
from backend.services.imports.source_profiles import ProfileRegistry
from backend.services.imports.table_shape import ColumnNames
from backend.services.imports.targets import transform_for

DATA_FILE = Path(__file__).with_name("data") / "mapping_headers.yaml"
ROWS = 20
HIGH_CONFIDENCE = 0.8
NOT_TARGETS = ("ignore", "unresolved", "custom")

#: Sample values by kind; a target's kind comes from its field name, else its transform.
SAMPLES: dict[str, list[str]] = {
    "email": ["anna.schmidt@example.de", "jose.garcia@acme.es", "li.chen@example.com"],
    "phone": ["+49 30 1234567", "(415) 555-0123", "+34 91 123 45 67", "020 7946 0958"],
    "url": ["https://www.acme.com", "www.example.de", "https://globex.io/about"],
    "linkedin": ["https://www.linkedin.com/in/annaschmidt", "linkedin.com/in/jgarcia"],
    "linkedin_company": ["https://www.linkedin.com/company/acme", "linkedin.com/company/globex"],
    "domain": ["acme.com", "example.de", "globex.io"],
    "date": ["2024-03-01", "2023-11-17", "2024-01-09"],
    "datetime": ["2024-03-01 10:15:00", "2023-11-17 16:40:12", "2024-01-09 08:05:59"],
    "money": ["12500.00", "8,000.00", "450000", "99.50"],
    "number": ["250", "1200", "35", "7"],
    "percent": ["10%", "50%", "90%"],
    "boolean": ["true", "false", "false"],
    "id": ["0035g00000XyZ12AAB", "0035g00000XyZ13AAB", "0035g00000XyZ14AAB"],
    "text": ["Blue", "Green", "Call back in May", "Red"],
    "empty": [""],
    "first_name": ["Anna", "José", "Ann", "Li"],
    "middle_name": ["Marie", "Luis", "J."],
    "last_name": ["Schmidt", "García", "O'Brien", "Chen"],
    "full_name": ["Anna Schmidt", "José García", "Ann O'Brien"],
    "salutation": ["Mr.", "Ms.", "Dr."],
    "name_suffix": ["Jr.", "III", "PhD"],
    "job_title": ["CFO", "Head of Sales", "Office Manager"],
    "department": ["Finance", "Procurement", "Sales"],
    "street": ["Hauptstraße 5", "1 Market St", "Calle Mayor 12"],
    "city": ["Berlin", "San Francisco", "Madrid"],
    "region": ["CA", "Bavaria", "NY"],
    "postal_code": ["10115", "94105", "28013"],
    "country": ["Germany", "United States", "ES"],
    "name": ["Acme GmbH", "Globex Corporation", "Initech Ltd"],
    "industry": ["Manufacturing", "Retail", "Software"],
    "type": ["Customer", "Partner", "Prospect"],
    "lifecycle_stage": ["lead", "customer", "Marketing Qualified Lead"],
    "lead_status": ["New", "Working", "Nurturing"],
    "lead_source": ["Web", "Trade Show", "Referral"],
    "owner": ["Jane Doe", "Mark Lee", "Priya Patel"],
    "tags": ["vip; newsletter", "partner", "churn-risk"],
    "description": ["Met at Hannover Messe", "Wants a demo in Q3", "Budget approved"],
    "currency": ["EUR", "USD", "GBP"],
    "stage": ["Prospecting", "Closed Won", "Negotiation/Review"],
    "pipeline": ["Default", "Enterprise"],
    "next_step": ["Send proposal", "Call CFO"],
    "lost_reason": ["Price", "Went with competitor"],
    "kind": ["Call", "Email", "Meeting"],
    "direction": ["Inbound", "Outbound"],
    "subject": ["Follow-up call", "Intro meeting"],
    "body": ["Discussed pricing for 50 seats.", "Left a voicemail."],
    "duration_seconds": ["300", "120", "45"],
    "outcome": ["Connected", "Left voicemail"],
    "status": ["Completed", "Not Started"],
}
_KIND_OF_TRANSFORM = {"integer": "number", "duration": "number", "percent": "number"}


@dataclass
class Outcome:
    """The proposal for one column, next to the expected outcome."""

    set_name: str
    column: str
    expected: str
    got: str
    confidence: float | None
    origin: str | None

    @property
    def right(self) -> bool:
        if self.expected in ("custom", "unresolved"):
            return self.got in ("unresolved", "custom")
        return self.got == self.expected

    @property
    def wrong_and_sure(self) -> bool:
        return (
            not self.right
            and self.got not in NOT_TARGETS
            and (self.confidence or 0.0) >= HIGH_CONFIDENCE
        )


def _kind(expected: str, given: str | None) -> str:
    if given:
        return given
    if expected in NOT_TARGETS:
        return "text"
    field = expected.split(".")[-1]
    if field in SAMPLES:
        return field
    transform = transform_for(expected)
    return _KIND_OF_TRANSFORM.get(transform, transform if transform in SAMPLES else "text")


def build_columns(spec: list[list[Any]]) -> tuple[list[ColumnStats], list[str]]:
    """Column statistics as ingest computes them, over generated rows; and the expectations."""
    names = ColumnNames()
    pools: list[list[str]] = []
    expected: list[str] = []
    for item in spec:
        header, outcome, *rest = item
        original = header["original"] if isinstance(header, dict) else str(header)
        names.add(original)
        pools.append(list(islice(cycle(SAMPLES[_kind(outcome, rest[0] if rest else None)]), ROWS)))
        expected.append(outcome)
    profiler = ColumnProfiler()
    for row in zip(*pools, strict=True):
        profiler.add_row(list(row))
    return profiler.result(names.names, names.originals), expected


def _outcomes(set_name: str, manifest: MappingManifest, expected: dict[str, str]) -> list[Outcome]:
    found: list[Outcome] = []
    for entry in manifest.entries:
        found.append(
            Outcome(
                set_name,
                entry.column,
                expected[entry.column],
                entry.target,
                entry.confidence,
                entry.origin,
            )
        )
    for item in manifest.unmapped:
        found.append(
            Outcome(set_name, item.column, expected[item.column], item.disposition, None, None)
        )
    return found


def main() -> int:
    """Run every header set and print the figures."""
    registry = ProfileRegistry.load()
    sets = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))["sets"]
    outcomes: list[Outcome] = []
    profile_misses: list[str] = []
    for header_set in sets:
        columns, expected = build_columns(header_set["columns"])
        profile, confidence, _inferred = infer_profile(columns, registry)
        if profile.key != header_set["profile"]:
            profile_misses.append(
                f"  {header_set['name']}: inferred {profile.key} ({confidence:.2f}), "
                f"expected {header_set['profile']}"
            )
        manifest = propose_mapping(columns, profile)
        by_name = {column.name: outcome for column, outcome in zip(columns, expected, strict=True)}
        outcomes.extend(_outcomes(header_set["name"], manifest, by_name))

    right = sum(outcome.right for outcome in outcomes)
    sure_and_wrong = [outcome for outcome in outcomes if outcome.wrong_and_sure]
    print("command: .venv/bin/python bench/mapping_accuracy.py")
    print(f"header sets: {len(sets)}, columns: {len(outcomes)}")
    print(f"profile inferred right: {len(sets) - len(profile_misses)}/{len(sets)}")
    print(f"columns right: {right}/{len(outcomes)} = {100 * right / len(outcomes):.1f} %")
    print(f"wrong mappings with confidence >= {HIGH_CONFIDENCE}: {len(sure_and_wrong)}")
    if profile_misses:
        print("profile misses:")
        print("\n".join(profile_misses))
    misses = [outcome for outcome in outcomes if not outcome.right]
    if misses:
        print("column misses (set: column: expected -> proposed):")
    for miss in misses:
        sure = f" ({miss.confidence:.2f}, {miss.origin})" if miss.confidence is not None else ""
        print(f"  {miss.set_name}: {miss.column!r}: {miss.expected} -> {miss.got}{sure}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
