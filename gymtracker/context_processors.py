from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def roles(request: HttpRequest) -> dict[str, Any]:
    """`is_coach` for the navigation; asked of the database only when a template uses it."""

    def is_coach() -> bool:
        user = getattr(request, "user", None)
        return bool(user and user.is_authenticated and user.groups.filter(name="coach").exists())

    return {"is_coach": SimpleLazyObject(is_coach)}
