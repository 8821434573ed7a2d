"""Reads about a member that any app may make (accounts is below them all)."""

from accounts.models import User


def data_version(user: User) -> int:
    """The member's data version (0 before the first change): a number PostgreSQL raises in the
    same transaction as every change to their training data (sessions.models.MemberDataVersion,
    read through the relation it declares on users, so that no app needs to import sessions for
    it). What versions the cached fragments of their pages (`gymtracker.cache`). Read before the
    data, so a fragment kept under it never holds older data than the version names."""
    version = User.objects.filter(pk=user.pk).values_list("data_version__version", flat=True).first()
    return version or 0
