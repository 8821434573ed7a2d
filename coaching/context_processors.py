from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from coaching import selectors


def roles(request: HttpRequest) -> dict[str, Any]:
    """`is_coach` for every template (the navigation links to the coach workspace): read with the
    signed-in user (accounts.backends), or asked of the database when a template uses it and the
    user came from elsewhere."""

    def is_coach() -> bool:
        user = getattr(request, "user", None)
        return bool(user and user.is_authenticated and selectors.is_coach(user))

    return {"is_coach": SimpleLazyObject(is_coach)}
