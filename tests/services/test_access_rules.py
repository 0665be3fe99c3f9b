"""The access rules: the least role of each action, and what each role may therefore do."""

from __future__ import annotations

from typing import get_args

import pytest

from backend.contracts.auth import Action
from backend.services import access_rules


def test_every_action_of_the_contract_has_a_least_role() -> None:
    assert set(access_rules.ACTIONS) == set(get_args(Action))


@pytest.mark.parametrize(
    ("role", "action", "allowed"),
    [
        ("viewer", "view", True),
        ("viewer", "upload", False),
        ("operator", "edit_mapping", True),
        ("operator", "decide", False),
        ("approver", "revert", True),
        ("approver", "manage_tokens", False),
        ("admin", "manage_tokens", True),
    ],
)
def test_a_role_may_take_the_actions_at_or_below_it(
    role: str, action: Action, allowed: bool
) -> None:
    assert access_rules.may(role, action) is allowed
    assert (action in access_rules.allowed_actions(role)) is allowed


def test_the_caller_lists_its_actions_and_the_role_every_action_needs() -> None:
    caller = access_rules.caller_of("sam", "operator", auth_required=True)

    assert caller.actions == [
        "view",
        "upload",
        "replay",
        "edit_mapping",
        "submit_writeback",
        "read_audit",
    ]
    assert {rule.action: rule.role for rule in caller.action_roles}["apply"] == "approver"
    assert [rule.action for rule in caller.action_roles] == list(access_rules.ACTIONS)
