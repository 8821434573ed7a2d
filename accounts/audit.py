"""Recording account events (the audit log staff read in the admin)."""

import ipaddress
from typing import Any

from django.http import HttpRequest
from simple_history.models import HistoricalRecords

from accounts.models import AuditEvent, AuditKind, User
from gymtracker import rls


def current_request() -> HttpRequest | None:
    # simple-history's middleware keeps the request being served; reuse it rather than keep our own.
    return getattr(HistoricalRecords.context, "request", None)


def client_ip(request: HttpRequest | None) -> str | None:
    """REMOTE_ADDR: behind a reverse proxy, the proxy must set it to the client's address
    (gunicorn's --forwarded-allow-ips with the proxy's address does)."""
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def audit_record(
    kind: AuditKind,
    *,
    user: User | None = None,
    username: str = "",
    request: HttpRequest | None = None,
    **detail: Any,
) -> None:
    request = request or current_request()
    # Writing the log is the server's job, whoever the event is about (a failed login has nobody).
    with rls.system_context("audit"):
        AuditEvent.objects.create(
            kind=kind,
            user=user,
            username=username or (user.get_username() if user else ""),
            ip_address=client_ip(request),
            detail=detail,
        )
