"""`velocity-crm import` on exports that are not what their name says, run as a user would."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from backend.cli.main import app


def test_an_html_page_saved_as_xls_fails_with_exit_1_and_says_what_it_is(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "Contacts Report.xls"
    path.write_text(
        "<html><body><table><tr><th>Name</th><th>Email</th></tr>"
        "<tr><td>Ann Lee</td><td>ann@lee.io</td></tr></table></body></html>"
    )
    result = CliRunner().invoke(app, ["import", str(path), "--json"], env=cli_env)
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert summary["status"] == "failed"
    assert summary["rows"] == {"total": 0, "parsed": 0, "rejected": 0, "flagged": 0}
    assert summary["errors"][0].startswith("This file is an HTML page, not a spreadsheet")


def test_a_salesforce_report_footer_is_reported_not_imported(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "report.csv"
    path.write_bytes(
        b'"Contact ID","First Name","Last Name","Email"\r\n'
        b'"0035g00000AbCdE","Ann","Lee","ann@lee.io"\r\n'
        b'"0035g00000AbCdF","Bob","Ray","bob@ray.io"\r\n'
        b'\r\n"Confidential Information - Do Not Distribute"\r\n'
        b'"Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved."\r\n'
    )
    result = CliRunner().invoke(app, ["import", str(path), "--json"], env=cli_env)
    assert result.exit_code == 0, result.stdout
    summary = json.loads(result.stdout)
    assert summary["rows"]["parsed"] == 2
    assert summary["deltas"]["client"] == {"create": 2}
    assert any("report footer" in warning for warning in summary["warnings"])
