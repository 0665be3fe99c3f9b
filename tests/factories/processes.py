"""The product as a user runs it: the API served by uvicorn on a loopback port, and the CLI in
a child process."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import uvicorn

from backend.api.app import create_app
from backend.settings import Settings


@contextmanager
def served_api(settings: Settings) -> Iterator[httpx.Client]:
    """An HTTP client talking to the real app on these settings, served on a loopback port."""
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the API server did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            yield client
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def run_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """`velocity-crm ARGS` in a child process with these environment variables added."""
    return subprocess.run(
        [sys.executable, "-m", "backend.cli", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
