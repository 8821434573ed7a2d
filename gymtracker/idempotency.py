"""Forms that write once, however often they are sent.

Each form of a create-type write carries a one-time token (`{% form_token %}`, a hidden field
made when the form is rendered). The view behind it is wrapped in `once_per_form`: the first POST
with a token claims it in `form_submissions` (accounts.models.FormSubmission) and keeps where its
redirect led; a second POST with the same token — a double click, Back and resubmit, a retry —
writes nothing and is sent to that same place.

Two POSTs at the same moment are ordered by PostgreSQL: the second's INSERT … ON CONFLICT waits
on the unique (user, token) index until the first commits, then finds the token taken and reads
where it led. A first submit that did not redirect (bad input, HTTP 422; an error) gives its token
back, so the corrected form can be sent with it.

A token is made for each rendering of a form and never kept in the cache: cached fragments hold
no form (gymtracker.cache refuses one with a token in it).
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect

FIELD = "form_token"
KEPT = "1 day"

# Claiming also prunes this member's tokens older than a day (by the same index), so the table
# holds no more than a day of each member's forms.
_CLAIM = f"""
WITH pruned AS (
    DELETE FROM form_submissions WHERE user_id = %(user)s AND created_at < now() - interval '{KEPT}'
)
INSERT INTO form_submissions (user_id, token, result_url, created_at) VALUES (%(user)s, %(token)s, '', now())
ON CONFLICT (user_id, token) DO NOTHING
RETURNING id
"""  # noqa: S608  # nosec B608 (KEPT is a constant)
_RESULT = "SELECT result_url FROM form_submissions WHERE user_id = %(user)s AND token = %(token)s"
_KEEP = "UPDATE form_submissions SET result_url = %(url)s WHERE user_id = %(user)s AND token = %(token)s"
_GIVE_BACK = "DELETE FROM form_submissions WHERE user_id = %(user)s AND token = %(token)s"


def new_token() -> str:
    return str(uuid.uuid4())


def _token(request: HttpRequest) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get(FIELD, ""))
    except ValueError:
        return None  # a form without one (or a mangled one) is written as sent, as before tokens


def once_per_form(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer a POST sent again with its form's token as the first was answered (see above).
    Goes inside @login_required, and inside the request's transaction (ATOMIC_REQUESTS), so that
    the claim is undone with the write when the view fails."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = _token(request) if request.method == "POST" else None
        if token is None:
            return view(request, *args, **kwargs)
        params = {"user": request.user.pk, "token": token}
        with connection.cursor() as cursor:
            cursor.execute(_CLAIM, params)
            claimed = cursor.fetchone() is not None
            if not claimed:
                cursor.execute(_RESULT, params)
                row = cursor.fetchone()
                if row and row[0]:
                    messages.info(request, "That was sent twice; it was saved once. Here it is.")
                    return redirect(row[0])
        response = view(request, *args, **kwargs)
        if claimed:
            with connection.cursor() as cursor:
                if isinstance(response, HttpResponseRedirect):
                    cursor.execute(_KEEP, {**params, "url": response["Location"]})
                else:
                    cursor.execute(_GIVE_BACK, params)
        return response

    return wrapper
