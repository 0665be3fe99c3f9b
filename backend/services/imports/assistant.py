"""The NemoClaw-assisted step: an `Assistant` suggests targets for columns no rule could map.
It only suggests - its answers carry origin `assistant` and their confidence, land in review as
options of the `unmapped_column` decision, and never write to the graph.

`OfflineAssistant` is the default: deterministic fuzzy matching of the header and samples
against the header synonyms, no network. `ChatCompletionsAssistant` asks any OpenAI-compatible
chat-completions endpoint (NVIDIA NIM / NemoClaw gateway, vLLM, Ollama) for JSON, validates it,
bounds time and retries, sends a few samples per column only, and falls back to the offline
assistant on any failure - an import never fails because the assistant did.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import httpx
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from backend.contracts.mapping import TargetSuggestion
from backend.services.imports.header_matching import match_header
from backend.services.imports.source_profiles import SourceProfile
from backend.services.imports.targets import TARGET_TRANSFORMS, is_known_target

log = logging.getLogger(__name__)
MAX_SAMPLES = 5
MAX_CONFIDENCE = 0.79


@dataclass(frozen=True, slots=True)
class ColumnQuestion:
    """An unmapped column, as much of it as the assistant may see."""

    column: str
    samples: tuple[str, ...]


class Assistant(Protocol):
    """Suggests canonical targets for unmapped columns."""

    def suggest_targets(
        self, questions: Sequence[ColumnQuestion], profile: SourceProfile
    ) -> dict[str, list[TargetSuggestion]]:
        """Ranked suggestions per column name (possibly none)."""
        ...


class OfflineAssistant:
    """Deterministic, offline: fuzzy header matching, capped below auto-mapping confidence."""

    def suggest_targets(
        self, questions: Sequence[ColumnQuestion], profile: SourceProfile
    ) -> dict[str, list[TargetSuggestion]]:
        """Suggestions from the loosest header matches."""
        answers: dict[str, list[TargetSuggestion]] = {}
        for question in questions:
            candidates = match_header(question.column, profile)[:3]
            answers[question.column] = [
                TargetSuggestion(
                    target=c.target, confidence=round(min(c.confidence, 0.6), 2), origin="assistant"
                )
                for c in candidates
            ]
        return answers


class _Suggestion(BaseModel):
    model_config = ConfigDict(extra="ignore")

    column: str
    target: str
    confidence: float = Field(ge=0.0, le=1.0)


class _Answer(BaseModel):
    model_config = ConfigDict(extra="ignore")

    suggestions: list[_Suggestion]


SYSTEM_PROMPT = (
    "You map CRM export columns to canonical targets. Answer with JSON only: "
    '{"suggestions": [{"column": str, "target": str, "confidence": number 0..1}]}. '
    "Use only targets from the given list; omit a column you cannot map."
)


class ChatCompletionsAssistant:
    """An LLM behind an OpenAI-compatible `/chat/completions` endpoint."""

    def __init__(
        self,
        url: str,
        model: str,
        *,
        api_key: str | None,
        timeout: float,
        retries: int = 2,
        fallback: Assistant | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.url = url.rstrip("/") + (
            "" if url.rstrip("/").endswith("/chat/completions") else "/chat/completions"
        )
        self.model, self.api_key, self.timeout, self.retries = model, api_key, timeout, retries
        self.fallback = fallback or OfflineAssistant()
        self.transport = transport

    def _request(self, questions: Sequence[ColumnQuestion], profile: SourceProfile) -> _Answer:
        payload = {
            "model": self.model,
            "temperature": 0,
            "response_format": {"type": "json_object"},
            "messages": [
                {"role": "system", "content": SYSTEM_PROMPT},
                {
                    "role": "user",
                    "content": json.dumps(
                        {
                            "export": f"{profile.system} {profile.object}",
                            "targets": sorted(
                                t
                                for t in TARGET_TRANSFORMS
                                if t.startswith(
                                    (
                                        "client.",
                                        "account.",
                                        "opportunity.",
                                        "interaction.",
                                        "interest.",
                                    )
                                )
                            ),
                            "columns": [
                                {"column": q.column, "samples": list(q.samples[:MAX_SAMPLES])}
                                for q in questions
                            ],
                        }
                    ),
                },
            ],
        }
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        with httpx.Client(timeout=self.timeout, transport=self.transport) as client:
            response = client.post(self.url, json=payload, headers=headers)
            response.raise_for_status()
            content = response.json()["choices"][0]["message"]["content"]
        return _Answer.model_validate_json(content)

    def suggest_targets(
        self, questions: Sequence[ColumnQuestion], profile: SourceProfile
    ) -> dict[str, list[TargetSuggestion]]:
        """The model's suggestions for known targets; the offline ones when the model fails."""
        if not questions:
            return {}
        for attempt in range(self.retries + 1):
            try:
                answer = self._request(questions, profile)
                break
            except (
                httpx.HTTPError,
                ValidationError,
                KeyError,
                IndexError,
                TypeError,
                ValueError,
            ) as error:
                log.warning("assistant attempt %d failed: %s", attempt + 1, error)
        else:
            return self.fallback.suggest_targets(questions, profile)
        asked = {q.column for q in questions}
        answers: dict[str, list[TargetSuggestion]] = {column: [] for column in asked}
        for item in answer.suggestions:
            if item.column in asked and is_known_target(item.target):
                answers[item.column].append(
                    TargetSuggestion(
                        target=item.target,
                        confidence=round(min(item.confidence, MAX_CONFIDENCE), 2),
                        origin="assistant",
                    )
                )
        return answers


def assistant_from_settings(
    url: str | None, model: str | None, api_key: str | None, timeout: float
) -> Assistant:
    """The LLM assistant when an endpoint is configured, else the offline one."""
    if url and model:
        return ChatCompletionsAssistant(url, model, api_key=api_key, timeout=timeout)
    return OfflineAssistant()
