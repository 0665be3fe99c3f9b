"""Settings: one pydantic-settings object read from `VELOCITY_*` variables, passed in explicitly."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    return Path.cwd() / "var"


class Settings(BaseSettings):
    """Everything the services need to know about their environment."""

    model_config = SettingsConfigDict(env_prefix="VELOCITY_", extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir)
    database_url: str | None = None
    profiles_dir: Path | None = None
    policy: Path | None = None
    operator: str | None = None
    max_upload_bytes: int = 2 * 1024 * 1024 * 1024
    raw_row_batch_size: int = 5000
    assistant_url: str | None = None
    assistant_model: str | None = None
    assistant_api_key: str | None = None
    assistant_timeout_seconds: float = 20.0
    auth_required: bool = False

    @property
    def effective_database_url(self) -> str:
        """The configured database, or the embedded SQLite file under the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'velocity.sqlite3').resolve()}"

    @property
    def file_store_dir(self) -> Path:
        """Where uploaded bytes are kept, content-addressed by sha256."""
        return self.data_dir / "files"
