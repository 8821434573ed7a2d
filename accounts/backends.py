from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef
from django.http import HttpRequest

from gymtracker import rls


class RowLevelSecurityBackend(ModelBackend):
    """Django's username/password backend, made to work under row-level security.

    Looking an account up by username happens before anyone is known, so it runs in the named
    system context "authentication". Once the password is right, the rest of the request acts
    as that person (for example, recording the login).
    """

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        with rls.system_context("authentication"):
            user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and getattr(request, "rls_context_managed", False):
            rls.apply(rls.member_context(user))
        return user

    def get_user(self, user_id: Any) -> Any:
        """The signed-in person of each request, with `is_coach` (membership of the coach group)
        read in the same query: the navigation asks it on every page."""
        coach = Group.objects.filter(name="coach", user=OuterRef("pk"))
        users = get_user_model()._default_manager.annotate(is_coach=Exists(coach))
        try:
            user = users.get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
