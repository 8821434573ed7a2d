"""An HTTP client as a member's browser is one: the real login form, the member's cookies and
CSRF token, and the forms the benchmark posts (starting a session, dating it, logging a set)."""

from __future__ import annotations

import datetime
import http.client
import re
import urllib.parse
import uuid
from dataclasses import dataclass
from typing import Any

from common import HOST

WRITTEN = "written_lsn"  # gymtracker.replica.WRITTEN: set after a write, dropped when the replica has it


@dataclass
class Member:
    """A generated member signed in through the login form."""

    username: str
    cookies: dict[str, str]
    token: str  # CSRF token for its POSTs

    @property
    def cookie(self) -> str:
        """The Cookie header of wrk's fixed requests: the sign-in's. The primary's position after a
        write (gymtracker.replica.WRITTEN) is the wrk script's to add, to the request after it."""
        return cookie_header({k: v for k, v in self.cookies.items() if k != WRITTEN})


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def request(
    port: int,
    method: str,
    path: str,
    *,
    body: str | None = None,
    cookies: dict[str, str] | None = None,
    accept: str = "",
    timeout: float = 60,
) -> tuple[int, dict[str, list[str]], str]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    headers = {"Host": HOST}
    if accept:
        headers["Accept"] = accept
    if cookies:
        headers["Cookie"] = cookie_header(cookies)
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    text = response.read().decode()
    found: dict[str, list[str]] = {}
    for name, value in response.getheaders():
        found.setdefault(name.lower(), []).append(value)
    conn.close()
    if cookies is not None:  # as a browser keeps them (on a cluster: the position after a write)
        take_cookies(found, cookies)
    return response.status, found, text


def take_cookies(headers: dict[str, list[str]], cookies: dict[str, str]) -> None:
    for value in headers.get("set-cookie", []):
        name, _, rest = value.partition("=")
        if "max-age=0" in rest.lower():
            cookies.pop(name.strip(), None)
        else:
            cookies[name.strip()] = rest.split(";", 1)[0]


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not match:
        raise SystemExit("no CSRF token in the page")
    return match.group(1)


def login(port: int, username: str, password: str) -> Member:
    """A real sign-in through the form: the member's cookies and a CSRF token for later POSTs."""
    cookies: dict[str, str] = {}
    status, headers, html = request(port, "GET", "/accounts/login/")
    take_cookies(headers, cookies)
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf_token(html), "username": username, "password": password})
    status, headers, _ = request(port, "POST", "/accounts/login/", body=body, cookies=cookies)
    take_cookies(headers, cookies)
    if status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"login as {username} failed (HTTP {status})")
    status, headers, html = request(port, "GET", "/accounts/profile/", cookies=cookies)
    take_cookies(headers, cookies)
    return Member(username, cookies, csrf_token(html))


def start_session(port: int, member: Member, plan_id: str) -> str:
    """A session started today from the plan, through the app: its id."""
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": member.token})
    status, headers, _ = request(port, "POST", f"/sessions/start/{plan_id}/", body=body, cookies=member.cookies)
    if status != 302:
        raise SystemExit(f"starting a session failed (HTTP {status})")
    return headers["location"][0].rstrip("/").rsplit("/", 1)[-1]


def move_session(port: int, member: Member, session: str, day: datetime.date) -> None:
    """The session dated `day` through its edit form (which carries the version it was read at)."""
    path = f"/sessions/{session}/edit/"
    status, _, html = request(port, "GET", path, cookies=member.cookies)
    match = re.search(r'name="version" value="(\d+)"', html)
    if status != 200 or not match:
        raise SystemExit(f"the session's edit form failed (HTTP {status})")
    form = {"csrfmiddlewaretoken": member.token, "date": day.isoformat(), "notes": "", "version": match.group(1)}
    status, _, _ = request(port, "POST", path, body=urllib.parse.urlencode(form), cookies=member.cookies)
    if status != 302:
        raise SystemExit(f"moving the session to {day} failed (HTTP {status})")


def set_form(member: Member, workout_set: str, fields: dict[str, Any]) -> str:
    posted = {f"set-{workout_set}-{name}": value for name, value in fields.items()}
    return urllib.parse.urlencode({"csrfmiddlewaretoken": member.token, **posted})


def keyed(path: str, body: str) -> str:
    """A set log's form with the key the session page's script adds to each log it sends."""
    workout_set = path.rstrip("/").rsplit("/", 1)[-1]
    return f"{body}&set-{workout_set}-key={uuid.uuid4()}"
