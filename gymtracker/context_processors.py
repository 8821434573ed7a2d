from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from coaching import selectors as coaching_selectors


def roles(request: HttpRequest) -> dict[str, Any]:
    """`is_coach` for the navigation: read with the signed-in user (accounts.backends), or asked
    of the database when a template uses it and the user came from elsewhere."""

    def is_coach() -> bool:
        user = getattr(request, "user", None)
        return bool(user and user.is_authenticated and coaching_selectors.is_coach(user))

    return {"is_coach": SimpleLazyObject(is_coach)}
