"""Identity resolution, review, apply and revert through the services, on SQLite and
PostgreSQL: the conflicting-identity shapes, replay, approval rules and revert."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.contracts.imports import ImportSummary
from backend.contracts.review import DecisionAnswer
from backend.errors import Conflict
from backend.runtime import Runtime
from backend.services import batch_actions, read_models
from backend.services.client_graph import aggregation_service, search_service
from backend.services.client_graph.policy import Policy
from tests.factories.imports import ANN, BOB, SF_CONTACT_HEADER, import_rows


def _approve_and_apply(runtime: Runtime, import_id: str) -> None:
    batch_actions.approve_all(runtime, import_id, risks=None, actor="tester", role="approver")
    batch_actions.apply(runtime, import_id, actor="tester")


def _decisions(runtime: Runtime, import_id: str, kind: str | None = None) -> list:  # type: ignore[type-arg]
    with runtime.unit() as session:
        return read_models.decisions_of(session, batch_id=import_id, kind=kind, status="pending")


def _deltas(runtime: Runtime, import_id: str) -> list:  # type: ignore[type-arg]
    with runtime.unit() as session:
        return read_models.deltas_of(session, import_id)


def test_first_import_proposes_creates_that_wait_under_the_default_policy(
    runtime: Runtime, tmp_path: Path
) -> None:
    summary = import_rows(runtime, tmp_path, [ANN, BOB])
    assert summary.deltas == {"account": {"create": 2}, "client": {"create": 2}}
    assert summary.auto_approved == 0
    assert summary.status == "in_review"
    assert {d.status for d in _deltas(runtime, summary.import_id)} == {"pending"}


def test_replay_of_the_same_bytes_after_apply_proposes_only_no_change(
    runtime: Runtime, tmp_path: Path
) -> None:
    first = import_rows(runtime, tmp_path, [ANN, BOB])
    _approve_and_apply(runtime, first.import_id)
    again = import_rows(runtime, tmp_path, [ANN, BOB])
    assert again.replay_of == first.import_id
    assert {op for ops in again.deltas.values() for op in ops} == {"no_change"}


def test_same_email_in_other_case_updates_the_same_client_and_fills_empty_fields(
    runtime: Runtime, tmp_path: Path
) -> None:
    first = import_rows(runtime, tmp_path, [ANN])
    _approve_and_apply(runtime, first.import_id)
    changed = ["", "Ann", "Lee", " ANN.LEE@ACME.COM ", "", "Acme Inc", "CFO", "Boston", "USA"]
    header = [
        "Contact ID",
        "First Name",
        "Last Name",
        "Email",
        "Mobile",
        "Account Name",
        "Title",
        "Mailing City",
        "Mailing Country",
    ]
    changed[4] = "+1 617 555 0199"
    second = import_rows(runtime, tmp_path, [changed], header=header, name="again.csv")
    client_deltas = [d for d in _deltas(runtime, second.import_id) if d.entity == "client"]
    assert [d.op for d in client_deltas] == ["update"]
    assert client_deltas[0].risk == "low"
    assert [c.field for c in client_deltas[0].changes] == ["mobile_phone"]
    assert any(e.field == "email" and (e.weight or 0) > 0 for e in client_deltas[0].evidence)


def test_overwriting_a_value_is_a_high_risk_field_overwrite_decision(
    runtime: Runtime, tmp_path: Path
) -> None:
    first = import_rows(runtime, tmp_path, [ANN])
    _approve_and_apply(runtime, first.import_id)
    promoted = [*ANN]
    promoted[6] = "CEO"
    second = import_rows(runtime, tmp_path, [promoted], name="promoted.csv")
    overwrite = _decisions(runtime, second.import_id, "field_overwrite")
    assert len(overwrite) == 1
    assert overwrite[0].risk == "high"
    assert "'CFO' → 'CEO'" in overwrite[0].question


def test_a_name_written_without_its_umlaut_is_kept_beside_not_an_overwrite(
    runtime: Runtime, tmp_path: Path
) -> None:
    hans = [*ANN]
    hans[1:4] = ["Jürgen", "Müller", "j.mueller@acme.com"]
    first = import_rows(runtime, tmp_path, [hans])
    _approve_and_apply(runtime, first.import_id)
    plain = [*hans]
    plain[1:3] = ["Juergen", "MUELLER"]
    second = import_rows(runtime, tmp_path, [plain], name="plain.csv")
    assert _decisions(runtime, second.import_id, "field_overwrite") == []
    renamed = [*hans]
    renamed[2] = "Meyer"
    third = import_rows(runtime, tmp_path, [renamed], name="renamed.csv")
    overwrite = _decisions(runtime, third.import_id, "field_overwrite")
    assert len(overwrite) == 1
    assert "'Müller' → 'Meyer'" in overwrite[0].question


def test_email_says_one_client_while_source_id_says_another_is_a_conflict(
    runtime: Runtime, tmp_path: Path
) -> None:
    first = import_rows(runtime, tmp_path, [ANN, BOB])
    _approve_and_apply(runtime, first.import_id)
    mixed = [*ANN]
    mixed[0] = BOB[0]
    second = import_rows(runtime, tmp_path, [mixed], name="mixed.csv")
    conflicts = _decisions(runtime, second.import_id, "identity_conflict")
    assert len(conflicts) == 1
    assert "source id" in conflicts[0].question
    assert len(conflicts[0].client_ids) == 2


def test_namesakes_at_different_companies_stay_apart(runtime: Runtime, tmp_path: Path) -> None:
    first = import_rows(runtime, tmp_path, [ANN])
    _approve_and_apply(runtime, first.import_id)
    namesake = [
        "009Z9",
        "Ann",
        "Lee",
        "ann@othercorp.de",
        "+49 30 1234567",
        "Other Corp GmbH",
        "Nurse",
        "Berlin",
        "Germany",
    ]
    second = import_rows(runtime, tmp_path, [namesake], name="namesake.csv")
    assert second.deltas["client"] == {"create": 1}
    assert _decisions(runtime, second.import_id, "identity_conflict") == []


def test_relatives_sharing_a_phone_and_surname_stay_apart(runtime: Runtime, tmp_path: Path) -> None:
    first = import_rows(runtime, tmp_path, [ANN])
    _approve_and_apply(runtime, first.import_id)
    relative = [
        "003B7",
        "Tom",
        "Lee",
        "tom.lee@gmail.com",
        "+1 415 555 0101",
        "",
        "",
        "Boston",
        "USA",
    ]
    second = import_rows(runtime, tmp_path, [relative], name="relative.csv")
    assert second.deltas["client"] == {"create": 1}


def test_a_permissive_policy_still_leaves_overwrites_waiting(
    runtime: Runtime, tmp_path: Path
) -> None:
    runtime.__dict__["policy"] = Policy(auto_approve_low_risk_creates=True)
    first = import_rows(runtime, tmp_path, [ANN])
    assert first.auto_approved == 2
    batch_actions.apply(runtime, first.import_id, actor="tester")
    promoted = [*ANN]
    promoted[6] = "CEO"
    second = import_rows(runtime, tmp_path, [promoted], name="promoted.csv")
    assert second.auto_approved == 0
    waiting = [d for d in _deltas(runtime, second.import_id) if d.status == "pending"]
    assert [d.risk for d in waiting] == ["high"]


def test_apply_then_revert_restores_the_prior_state(runtime: Runtime, tmp_path: Path) -> None:
    first = import_rows(runtime, tmp_path, [ANN])
    _approve_and_apply(runtime, first.import_id)
    client_id = next(d.entity_id for d in _deltas(runtime, first.import_id) if d.entity == "client")
    with runtime.unit() as session:
        before = aggregation_service.snapshot(session, client_id)
    promoted = [*ANN]
    promoted[6] = "CEO"
    second = import_rows(runtime, tmp_path, [promoted], name="promoted.csv")
    decision = _decisions(runtime, second.import_id, "field_overwrite")[0]
    batch_actions.decide(
        runtime,
        decision.decision_id,
        DecisionAnswer(option="overwrite"),
        approve=True,
        actor="tester",
        role="approver",
    )
    result = batch_actions.apply(runtime, second.import_id, actor="tester")
    assert result.applied >= 1
    with runtime.unit() as session:
        after = aggregation_service.snapshot(session, client_id)
    assert after.profile["job_title"].value == "CEO"
    assert [a["value"] for a in after.profile["job_title"].alternatives] == ["CFO"]
    assert after.version > before.version
    batch_actions.revert(runtime, second.import_id, actor="tester")
    with runtime.unit() as session:
        reverted = aggregation_service.snapshot(session, client_id)
    assert reverted.profile["job_title"].value == "CFO"


def test_revert_stops_with_the_conflicts_when_a_later_batch_touched_the_records(
    runtime: Runtime, tmp_path: Path
) -> None:
    first = import_rows(runtime, tmp_path, [ANN])
    _approve_and_apply(runtime, first.import_id)
    later = [*ANN]
    later[7] = ""
    later[4] = ""
    header = [
        "Contact ID",
        "First Name",
        "Last Name",
        "Email",
        "Home Phone",
        "Account Name",
        "Title",
        "Mailing City",
        "Mailing Country",
    ]
    later[4] = "+1 617 555 0000"
    second = import_rows(runtime, tmp_path, [later], header=header, name="later.csv")
    _approve_and_apply(runtime, second.import_id)
    with pytest.raises(Conflict) as raised:
        batch_actions.revert(runtime, first.import_id, actor="tester")
    assert second.import_id in str(raised.value)
    assert raised.value.details["conflicts"]


def test_blocked_delta_waits_for_its_dependency(runtime: Runtime, tmp_path: Path) -> None:
    summary = import_rows(runtime, tmp_path, [ANN])
    deltas = _deltas(runtime, summary.import_id)
    account = next(d for d in deltas if d.entity == "account")
    client = next(d for d in deltas if d.entity == "client")
    assert account.delta_id in client.depends_on
    batch_actions.approve_all(
        runtime, summary.import_id, risks=["low"], actor="tester", role="approver"
    )
    with runtime.unit() as session:
        from backend.db.models import Delta

        row = session.get(Delta, account.delta_id)
        assert row is not None
        row.status = "rejected"
    result = batch_actions.apply(runtime, summary.import_id, actor="tester")
    assert result.blocked == 1
    assert result.status == "in_review"  # nothing was written; the blocked delta still waits
    assert account.delta_id in result.blocked_reasons[0]


def test_choosing_the_existing_client_for_an_ambiguous_record_applies_once(
    runtime: Runtime, tmp_path: Path
) -> None:
    first = import_rows(runtime, tmp_path, [ANN])
    _approve_and_apply(runtime, first.import_id)
    header = [
        "Opportunity ID",
        "Opportunity Name",
        "Account Name",
        "Contact Name",
        "Amount",
        "Opportunity Currency",
        "Stage",
        "Close Date",
    ]
    deals = import_rows(
        runtime,
        tmp_path,
        [["006Z1", "Renewal", "Acme Inc", "Annie Lee", "5000", "USD", "Prospecting", "09/30/2026"]],
        header=header,
        name="deals.csv",
        profile="salesforce_opportunities",
    )
    ambiguous = _decisions(runtime, deals.import_id, "ambiguous_match")
    assert len(ambiguous) == 1
    existing = ambiguous[0].options[0].target_id
    batch_actions.decide(
        runtime,
        ambiguous[0].decision_id,
        DecisionAnswer(option=f"match:{existing}"),
        approve=True,
        actor="t",
        role="approver",
    )
    batch_actions.approve_all(runtime, deals.import_id, risks=None, actor="t", role="approver")
    result = batch_actions.apply(runtime, deals.import_id, actor="t")
    assert result.status == "applied", result.blocked_reasons
    with runtime.unit() as session:
        snapshot = aggregation_service.snapshot(session, str(existing))
    assert [item["name"] for item in snapshot.opportunities.items] == ["Renewal"]


def test_a_permissive_policy_still_leaves_merges_waiting(runtime: Runtime, tmp_path: Path) -> None:
    from backend.contracts.writebacks import WritebackCreate
    from backend.services.client_graph import writeback_service

    runtime.__dict__["policy"] = Policy(
        auto_approve_low_risk_creates=True, match_threshold=0.5, review_threshold=0.1
    )
    first = import_rows(runtime, tmp_path, [ANN, BOB])
    batch_actions.apply(runtime, first.import_id, actor="tester")
    ids = [d.entity_id for d in _deltas(runtime, first.import_id) if d.entity == "client"]
    with runtime.unit() as session:
        writeback = writeback_service.submit(
            session,
            WritebackCreate(client_id=str(ids[0]), changes=[{"merge_with": ids[1]}]),
            actor="tester",
            policy=runtime.policy,
        )
    assert [d.status for d in writeback.deltas] == ["pending"]
    result = batch_actions.apply(runtime, writeback.writeback_id, actor="tester")
    assert result.applied == 0


def test_one_person_twice_in_a_file_without_a_shared_identifier_is_one_client(
    runtime: Runtime, tmp_path: Path
) -> None:
    rows = [
        [
            "",
            "Robert",
            "Stone",
            "bob.stone@initech.com",
            "+1 512 555 0147",
            "Initech",
            "CTO",
            "Austin",
            "USA",
        ],
        ["", "Bob", "Stone", "", "+1 512 555 0147", "Initech", "CTO", "Austin", "USA"],
        ["", "Maria", "Stone", "maria.stone@gmail.com", "+1 512 555 0147", "", "", "Austin", "USA"],
    ]
    summary = import_rows(runtime, tmp_path, rows, name="twice.csv")
    clients = {d.entity_id for d in _deltas(runtime, summary.import_id) if d.entity == "client"}
    assert len(clients) == 2


def test_the_same_records_imported_twice_before_either_applies_are_created_once(
    runtime: Runtime, tmp_path: Path
) -> None:
    first = import_rows(runtime, tmp_path, [ANN, BOB])
    second = import_rows(runtime, tmp_path, [ANN, BOB], name="again.csv")
    _approve_and_apply(runtime, first.import_id)
    batch_actions.approve_all(runtime, second.import_id, risks=None, actor="t", role="approver")
    result = batch_actions.apply(runtime, second.import_id, actor="tester")
    assert result.applied == 0
    assert result.blocked == 4  # two accounts, two clients; nothing written twice
    assert any("would duplicate" in reason for reason in result.blocked_reasons)
    with runtime.unit() as session:
        assert len(search_service.find_clients(session, email="ann.lee@acme.com")) == 1


def test_a_create_whose_second_address_another_import_applied_meanwhile_is_not_applied(
    runtime: Runtime, tmp_path: Path
) -> None:
    first = import_rows(runtime, tmp_path, [ANN])
    header = [*SF_CONTACT_HEADER, "Secondary Email"]
    annie = ["003Z9", "Annie", "Lee", "annie@lee.family", "", "", "", "Boston", "USA"]
    second = import_rows(
        runtime, tmp_path, [[*annie, "ann.lee@acme.com"]], header=header, name="personal.csv"
    )
    _approve_and_apply(runtime, first.import_id)
    batch_actions.approve_all(runtime, second.import_id, risks=None, actor="t", role="approver")
    result = batch_actions.apply(runtime, second.import_id, actor="tester")
    assert result.applied == 0
    (reason,) = result.blocked_reasons
    assert "already holds email 'ann.lee@acme.com'" in reason
    with runtime.unit() as session:
        assert len(search_service.find_clients(session, email="ann.lee@acme.com")) == 1


def test_nothing_waits_so_an_import_with_only_rejections_is_applied_and_a_reverted_one_refused(
    runtime: Runtime, tmp_path: Path
) -> None:
    first = import_rows(runtime, tmp_path, [ANN])
    untouched = batch_actions.apply(runtime, first.import_id, actor="tester")
    assert (untouched.status, untouched.applied) == ("in_review", 0)
    _approve_and_apply(runtime, first.import_id)
    batch_actions.revert(runtime, first.import_id, actor="tester")
    with pytest.raises(Conflict, match="reverted"):
        batch_actions.apply(runtime, first.import_id, actor="tester")


ACCOUNT_HEADER = ["Account Name", "Website", "Billing City"]
ID_ACCOUNT_HEADER = ["Account ID", *ACCOUNT_HEADER]


def _salesforce_accounts(
    runtime: Runtime, tmp_path: Path, rows: list[list[str]], name: str
) -> ImportSummary:
    """Salesforce accounts with their ids (`ID_ACCOUNT_HEADER`), imported."""
    return import_rows(
        runtime, tmp_path, rows, header=ID_ACCOUNT_HEADER, name=name, profile="salesforce_accounts"
    )


def _stored_funeral_home(runtime: Runtime, tmp_path: Path) -> ImportSummary:
    """Salesforce account 001A, imported and applied."""
    row = ["001A", "Funeral Home", "sandiegofuneralhome.com", "San Diego"]
    first = _salesforce_accounts(runtime, tmp_path, [row], "contacts.csv")
    _approve_and_apply(runtime, first.import_id)
    return first


def test_accounts_the_source_system_keeps_apart_are_not_joined_by_website_or_name(
    runtime: Runtime, tmp_path: Path
) -> None:
    first = _stored_funeral_home(runtime, tmp_path)
    rows = [
        ["001B", "Vibrant Man", "sandiegofuneralhome.com", "San Diego"],  # a stored one's site
        ["001C", "Witmark", "witmark.com", "Boston"],
        ["001D", "Witmark", "", "Boston"],  # the same name, another record
        ["", "Witmark", "", ""],  # no id: the first Witmark of the file
    ]
    second = _salesforce_accounts(runtime, tmp_path, rows, "b.csv")
    accounts = [d for d in _deltas(runtime, second.import_id) if d.entity == "account"]
    assert [d.op for d in accounts] == ["create", "create", "create", "no_change"]
    stored = {d.entity_id for d in _deltas(runtime, first.import_id)}
    assert stored.isdisjoint(d.entity_id for d in accounts)
    witmark, other_witmark = accounts[1].entity_id, accounts[2].entity_id
    assert witmark != other_witmark
    assert accounts[3].entity_id == witmark


def test_a_stored_account_a_row_reached_without_an_id_is_not_taken_by_another_id(
    runtime: Runtime, tmp_path: Path
) -> None:
    first = _stored_funeral_home(runtime, tmp_path)
    rows = [
        ["", "Funeral Home", "sandiegofuneralhome.com", ""],  # the stored 001A, by its website
        ["001B", "Vibrant Man", "sandiegofuneralhome.com", "San Diego"],  # another record
    ]
    second = _salesforce_accounts(runtime, tmp_path, rows, "b.csv")
    (stored,) = {d.entity_id for d in _deltas(runtime, first.import_id)}
    reached, other = [d for d in _deltas(runtime, second.import_id) if d.entity == "account"]
    assert reached.entity_id == stored
    assert (other.op, other.entity_id != stored) == ("create", True)


def test_a_row_pointing_at_two_stored_accounts_is_a_merge_an_approver_decides(
    runtime: Runtime, tmp_path: Path
) -> None:
    accounts = [["Acme Corp", "https://acme.com", "Boston"], ["Beta Ltd", "beta.io", "Austin"]]
    first = import_rows(
        runtime, tmp_path, accounts, header=ACCOUNT_HEADER, profile="salesforce_accounts"
    )
    _approve_and_apply(runtime, first.import_id)
    both = [["Beta Ltd", "https://acme.com", "Austin"], ["Beta Ltd", "acme.com", ""]]
    second = import_rows(
        runtime, tmp_path, both, header=ACCOUNT_HEADER, name="b.csv", profile="salesforce_accounts"
    )
    (conflict,) = _decisions(runtime, second.import_id, "identity_conflict")
    assert conflict.recommended == "keep_separate"
    assert len(conflict.delta_ids) == 1
    batch_actions.decide(
        runtime,
        conflict.decision_id,
        DecisionAnswer(option="merge"),
        approve=True,
        actor="tester",
        role="approver",
    )
    batch_actions.apply(runtime, second.import_id, actor="tester")
    merged = [d for d in _deltas(runtime, second.import_id) if d.op == "merge"]
    assert [d.status for d in merged] == ["applied"]
