from typing import Any

from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from accounts.audit import audit_record
from accounts.models import AuditEvent, User


@receiver(user_logged_in, dispatch_uid="accounts_login")
def _logged_in(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    # Replaces Django's update_last_login: a plain UPDATE, so a login is not a row of history.
    User.objects.filter(pk=user.pk).update(last_login=timezone.now())
    audit_record(AuditEvent.Kind.LOGIN, user=user, request=request)


@receiver(user_logged_out, dispatch_uid="accounts_logout")
def _logged_out(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        audit_record(AuditEvent.Kind.LOGOUT, user=user, request=request)


@receiver(user_login_failed, dispatch_uid="accounts_login_failed")
def _login_failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any) -> None:
    audit_record(AuditEvent.Kind.LOGIN_FAILED, username=str(credentials.get("username", ""))[:150], request=request)


@receiver(post_save, sender=User, dispatch_uid="accounts_user_saved")
def _user_saved(sender: Any, instance: User, created: bool, raw: bool = False, **kwargs: Any) -> None:
    """A changed password or role flag of an existing account. Sent inside User.save, before
    AbstractBaseUser.save forgets the new raw password (`_password`) and before User.save takes
    the saved flags as the loaded ones."""
    if created or raw:
        return
    if getattr(instance, "_password", None) is not None:
        audit_record(AuditEvent.Kind.PASSWORD_CHANGED, user=instance)
    changes = instance.role_changes()
    if changes:
        audit_record(AuditEvent.Kind.ROLE_CHANGED, user=instance, changes=changes)


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="accounts_groups_changed")
def _groups_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: set[Any] | None, **kwargs: Any
) -> None:
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    if reverse:  # group.user_set.add(...): one event per user
        group_names = [instance.name]
        users = list(User.objects.filter(pk__in=pk_set or ()))
    else:
        users = [instance]
        group_names = (
            list(instance.groups.values_list("name", flat=True))
            if action == "pre_clear"
            else list(Group.objects.filter(pk__in=pk_set or ()).values_list("name", flat=True))
        )
    change = "added to" if action == "post_add" else "removed from"
    for user in users:
        if group_names:
            audit_record(AuditEvent.Kind.ROLE_CHANGED, user=user, change=f"{change} groups", groups=sorted(group_names))
