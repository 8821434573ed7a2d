from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def roles(request: HttpRequest) -> dict[str, Any]:
    """`is_coach` for the navigation: read with the signed-in user (accounts.backends), or asked
    of the database when a template uses it and the user came from elsewhere."""

    def is_coach() -> bool:
        user = getattr(request, "user", None)
        if not (user and user.is_authenticated):
            return False
        known = getattr(user, "is_coach", None)
        return bool(known) if known is not None else user.groups.filter(name="coach").exists()

    return {"is_coach": SimpleLazyObject(is_coach)}
