"""A small HTTP client for the dashboard tests: a cookie jar, CSRF tokens, no redirects followed."""

from __future__ import annotations

import http.cookiejar
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

PASSWORD = "web-test-password-7"


@dataclass
class Reply:
    status: int
    body: bytes
    headers: object

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)

    @property
    def location(self) -> str:
        return self.headers.get("Location") or ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)

    def _open(self, req) -> Reply:
        try:
            with self.opener.open(req, timeout=60) as r:
                return Reply(r.status, r.read(), r.headers)
        except urllib.error.HTTPError as e:
            return Reply(e.code, e.read(), e.headers)

    def get(self, path: str) -> Reply:
        return self._open(urllib.request.Request(self.base + path))

    def token(self, path: str) -> str:
        m = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.get(path).text)
        assert m, f"no CSRF token on {path}"
        return m.group(1)

    def post(self, path: str, fields: dict, *, token_from: str | None = None, files: dict | None = None) -> Reply:
        fields = dict(fields)
        if token_from is not None:
            fields["csrfmiddlewaretoken"] = self.token(token_from)
        headers = {"Referer": self.base + (token_from or path)}
        if files:
            boundary = "----scorecardtestboundary"
            parts = []
            for k, v in fields.items():
                parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
            for name, (filename, content) in files.items():
                parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"'
                             f'\r\nContent-Type: application/octet-stream\r\n\r\n'.encode() + content + b"\r\n")
            parts.append(f"--{boundary}--\r\n".encode())
            data = b"".join(parts)
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        else:
            data = urllib.parse.urlencode(fields).encode()
        return self._open(urllib.request.Request(self.base + path, data=data, headers=headers))

    def login(self, user: str, password: str) -> Reply:
        reply = self.post("/login/", {"username": user, "password": password}, token_from="/login/")
        assert reply.status == 302, f"sign-in as {user} failed: {reply.status}"
        return reply

    def add_user(self, name: str, role: str, team: str = "") -> None:
        reply = self.post("/users/", {"username": name, "password": PASSWORD, "role": role, "team": team},
                          token_from="/users/")
        assert reply.status == 302, reply.status
        listed = {u["username"]: u for u in self.get("/users/?format=json").json()["users"]}
        assert listed[name]["role"] == role and listed[name]["team"] == team
