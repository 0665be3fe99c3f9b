"""The NemoClaw-assisted step against a real local HTTP server speaking the chat-completions
protocol: good answers, malformed JSON, time-outs and errors (the offline assistant takes over)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from backend.runtime import Runtime
from backend.services.imports.assistant import (
    ChatCompletionsAssistant,
    ColumnQuestion,
    OfflineAssistant,
)
from backend.services.imports.source_profiles import ProfileRegistry
from tests.factories.imports import import_rows


class FakeModel:
    """What the fake endpoint answers, and what it was asked."""

    def __init__(self) -> None:
        self.mode = "good"
        self.requests: list[dict[str, Any]] = []
        self.content: str = json.dumps(
            {
                "suggestions": [
                    {"column": "Customer tier", "target": "client.lead_status", "confidence": 0.95},
                    {"column": "Customer tier", "target": "client.shoe_size", "confidence": 0.9},
                ]
            }
        )


@pytest.fixture
def fake_model() -> Iterator[tuple[FakeModel, str]]:
    model = FakeModel()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            model.requests.append(
                {"path": self.path, "body": body, "auth": self.headers.get("Authorization")}
            )
            if model.mode == "slow":
                time.sleep(2)
            if model.mode == "error":
                self.send_response(500)
                self.end_headers()
                return
            content = "not json {" if model.mode == "malformed" else model.content
            answer = {"choices": [{"message": {"role": "assistant", "content": content}}]}
            data = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield model, f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


PROFILE = ProfileRegistry.load(None).get("hubspot_contacts")
QUESTIONS = [ColumnQuestion("Customer tier", ("Gold", "Silver", "Bronze", "Gold", "Tin", "Iron"))]


def _assistant(url: str, timeout: float = 5.0) -> ChatCompletionsAssistant:
    return ChatCompletionsAssistant(url, "nemotron", api_key="k-123", timeout=timeout, retries=1)


def test_good_answer_gives_capped_assistant_suggestions_for_known_targets(
    fake_model: tuple[FakeModel, str],
) -> None:
    model, url = fake_model
    answers = _assistant(url).suggest_targets(QUESTIONS, PROFILE)
    assert [(s.target, s.confidence, s.origin) for s in answers["Customer tier"]] == [
        ("client.lead_status", 0.79, "assistant")
    ]
    request = model.requests[0]
    assert request["path"] == "/v1/chat/completions"
    assert request["auth"] == "Bearer k-123"
    sent = json.loads(request["body"]["messages"][1]["content"])
    assert sent["columns"] == [
        {"column": "Customer tier", "samples": ["Gold", "Silver", "Bronze", "Gold", "Tin"]}
    ]


@pytest.mark.parametrize("mode", ["malformed", "error"])
def test_failures_fall_back_to_the_offline_assistant(
    fake_model: tuple[FakeModel, str], mode: str
) -> None:
    model, url = fake_model
    model.mode = mode
    answers = _assistant(url).suggest_targets(QUESTIONS, PROFILE)
    assert answers == OfflineAssistant().suggest_targets(QUESTIONS, PROFILE)
    assert len(model.requests) == 2


def test_a_slow_endpoint_is_cut_off_and_the_offline_answer_used(
    fake_model: tuple[FakeModel, str],
) -> None:
    model, url = fake_model
    model.mode = "slow"
    started = time.monotonic()
    answers = _assistant(url, timeout=0.3).suggest_targets(QUESTIONS, PROFILE)
    assert time.monotonic() - started < 1.9
    assert answers == OfflineAssistant().suggest_targets(QUESTIONS, PROFILE)


def test_import_offers_the_assistant_suggestion_in_review_and_maps_nothing_by_itself(
    fake_model: tuple[FakeModel, str], runtime: Runtime, tmp_path: Path
) -> None:
    _, url = fake_model
    runtime.settings.assistant_url, runtime.settings.assistant_model = url, "nemotron"
    header = ["Record ID", "First Name", "Last Name", "Email", "Customer tier"]
    summary = import_rows(
        runtime,
        tmp_path,
        [["1", "Ann", "Lee", "ann@acme.com", "Gold"]],
        header=header,
        profile="hubspot_contacts",
    )
    assert summary.columns.unresolved == 1
    with runtime.unit() as session:
        from backend.services import read_models

        manifest = read_models.mapping_of(session, summary.import_id)
        decision = read_models.decisions_of(
            session, batch_id=summary.import_id, kind="unmapped_column"
        )[0]
    assert [e.column for e in manifest.entries if e.origin == "assistant"] == []
    assert "map:client.lead_status" in [option.id for option in decision.options]
