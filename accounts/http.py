from django.http import HttpRequest

from accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a view behind @login_required: its user is a real account."""

    user: User
