"""Messages that offer to undo what they report.

A Django message holds text and tags, not a form. A message made with `undo_tag(url)` carries the
URL of the undoing POST in its tags, and `templates/includes/messages.html` draws an "Undo" button
posting there beside the text. Messages are made by our views only (and kept signed or
server-side), and the view the button posts to checks ownership as for any request: the URL only
says where the button points.
"""

from __future__ import annotations

from typing import Any

from django.urls import Resolver404, resolve

PREFIX = "undo:"


def undo_tag(url: str) -> str:
    """The message tag that makes `url` (a POST that undoes what the message reports) its Undo."""
    return f"{PREFIX}{url}"


def undo_url(message: Any) -> str | None:
    """The Undo URL a message carries, if it names one of our own URLs; otherwise None."""
    for tag in (getattr(message, "extra_tags", "") or "").split():
        if tag.startswith(PREFIX):
            url = tag.removeprefix(PREFIX)
            try:
                resolve(url)
            except Resolver404:
                return None
            return url
    return None
