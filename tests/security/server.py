"""The real application served over HTTP by separate processes, killable with SIGKILL.

Starting Python and building the app takes seconds on a busy CI machine, and the crash
test restarts the server many times; so a *zygote* subprocess imports etwincms and
builds the app once, closes its database connections, and forks a fresh server process
(werkzeug, threaded, as a deployment's gthread workers are) each time one is asked for.
A forked server has never served a request: it starts with no connection, no index
writer and no cache, as a restarted process does. :class:`Api` calls a server over real
HTTP with a personal access token.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from typing import Any

import requests
from flask import Flask

ZYGOTE = textwrap.dedent(
    """
    import json, logging, os, signal, sys
    from werkzeug.serving import make_server
    from etwincms.app import create_app

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # errors only, no access log
    app = create_app(json.loads(sys.argv[1]))
    app.extensions["etwincms"].db.dispose()  # no connection crosses a fork
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps killed servers
    for line in sys.stdin:
        pid = os.fork()
        if pid == 0:
            make_server("127.0.0.1", int(line), app, threaded=True).serve_forever()
            os._exit(0)
        print(pid, flush=True)
    """
)
#: What the servers take over from the test's app (the same database and files).
SHARED = (
    "DATABASE_URL",
    "INSTANCE_PATH",
    "SECRET_KEY",
    "SEARCH_BACKEND",
    "TESTING",
    "PASSWORD_HASH",
    "STORAGE_DIR",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Zygote:
    """A subprocess holding a built app, forking a server process on demand."""

    def __init__(self, app: Flask, plugins: list[str]) -> None:
        shared = {key: app.config[key] for key in SHARED}
        # Many requests from one address in little time: the API limit is not under test.
        config = shared | {
            "PLUGINS": plugins,
            "EXTRACT_MODE": "off",
            "API_RATE_LIMIT": "100000 per minute",
        }
        self.process = subprocess.Popen(  # noqa: S603  (this interpreter, our own code)
            [sys.executable, "-c", ZYGOTE, json.dumps(config)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )

    def fork(self, port: int) -> int:
        """Start a server process on ``port``; answer its pid."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(f"{port}\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline())

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=30)
        if self.process.stdout is not None:
            self.process.stdout.close()


class Server:
    """One server process at a time on a port of its own; SIGKILLed and started again."""

    def __init__(self, zygote: Zygote) -> None:
        self.zygote = zygote
        self.url = f"http://127.0.0.1:{free_port()}"
        self.pid: int | None = None

    def start(self) -> None:
        self.pid = self.zygote.fork(int(self.url.rsplit(":", 1)[1]))
        self.wait_until_up()

    def wait_until_up(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                requests.get(f"{self.url}/api/v1/me", timeout=5)  # 401: it is up
                return
            except requests.ConnectionError:
                time.sleep(0.02)
        raise AssertionError("the server did not answer in time")

    def kill(self) -> None:
        """SIGKILL: no handler runs, nothing is flushed, as when the OOM killer strikes."""
        if self.pid is None:
            return
        os.kill(self.pid, signal.SIGKILL)
        while alive(self.pid):
            time.sleep(0.01)
        self.pid = None


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


class Api:
    """Requests to a server's ``/api/v1`` with a bearer token."""

    def __init__(self, server: Server, secret: str) -> None:
        self.base = f"{server.url}/api/v1"
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {secret}"

    def __call__(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return self.http.request(method, self.base + path, timeout=30, **kwargs)
