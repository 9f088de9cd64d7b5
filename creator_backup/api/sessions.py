"""One requests.Session per thread (requests promises no thread safety), all closed
together. The API transport and the media downloader each keep their own set, so media
requests can never carry the API's bearer token."""

from __future__ import annotations

import threading

import requests

from creator_backup.appinfo import VERSION


class ThreadSessions:
    def __init__(self, headers: dict[str, str]) -> None:
        self.headers = {"User-Agent": f"creator_backup/{VERSION}", **headers}
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._lock = threading.Lock()

    def get(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers.update(self.headers)
            self._local.session = session
            with self._lock:
                self._sessions.append(session)
        return session

    def close(self) -> None:
        with self._lock:
            for session in self._sessions:
                session.close()
            self._sessions.clear()
