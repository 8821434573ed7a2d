import threading
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import FormView

from accounts import services
from accounts.forms import (
    AccountDeleteForm,
    HealthProfileForm,
    MemberPasswordChangeForm,
    MemberPasswordResetForm,
    MemberSetPasswordForm,
    ProfileForm,
    SignupForm,
)
from accounts.http import AuthenticatedHttpRequest
from accounts.models import HealthProfile, User
from gymtracker import rls

# Sign-up attempts that hit a taken username or email count against the sender's address in
# django-axes, as wrong passwords do, under a name no account can have (usernames cannot hold
# parentheses): the limit, the wait and the staff's "Access attempts" list are the login's.
SIGNUP_CREDENTIALS = {"username": "(sign-up)"}

INVALID = 422  # a form that was sent but cannot be accepted: shown again, with what was typed


def _signed_in(request: HttpRequest, user: User) -> None:
    """Log `user` in; the rest of this request then acts as them, as after a password login
    (accounts.backends.RowLevelSecurityBackend does the same)."""
    if getattr(request, "rls_context_managed", False):
        rls.apply(rls.member_context(user))
    login(request, user, backend="accounts.backends.RowLevelSecurityBackend")


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    if request.method == "POST" and AxesProxyHandler.is_locked(request, SIGNUP_CREDENTIALS):
        return get_lockout_response(request, credentials=SIGNUP_CREDENTIALS)
    form = SignupForm(request.POST) if request.method == "POST" else SignupForm()
    if form.is_bound and form.is_valid():
        try:
            user = services.account_create(
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            AxesProxyHandler.user_login_failed(sender=signup, credentials=SIGNUP_CREDENTIALS, request=request)
        else:
            _signed_in(request, user)
            messages.success(request, f"Welcome, {user.get_username()}! Your account is ready.")
            return redirect("home")
    return render(request, "accounts/signup.html", {"form": form}, status=INVALID if form.is_bound else 200)


def _profile_page(
    request: AuthenticatedHttpRequest, *, profile_form: BaseForm | None = None, health_form: BaseForm | None = None
) -> HttpResponse:
    user = request.user
    if health_form is None:
        health = HealthProfile.objects.filter(user=user).first() or HealthProfile(user=user)
        health_form = HealthProfileForm(instance=health, prefix="health")
    if profile_form is None:
        profile_form = ProfileForm(instance=user)
    context = {"profile_form": profile_form, "health_form": health_form}
    invalid = profile_form.is_bound or health_form.is_bound
    return render(request, "accounts/profile.html", context, status=INVALID if invalid else 200)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _profile_page(request)
    user = request.user
    form = ProfileForm(request.POST, instance=user)
    if form.is_valid():
        try:
            services.account_update(user=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your profile is saved.")
            return redirect("accounts:profile")
    return _profile_page(request, profile_form=form)


@login_required
@require_POST
def health(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = HealthProfileForm(request.POST, instance=HealthProfile(user=user), prefix="health")
    if not form.is_valid():
        return _profile_page(request, health_form=form)
    services.health_profile_update(user=user, **form.cleaned_data)
    messages.success(request, "Your health notes are saved.")
    return redirect("accounts:profile")


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = AccountDeleteForm(user, request.POST) if request.method == "POST" else AccountDeleteForm(user)
    if form.is_bound and form.is_valid():
        # Out first: the logout is recorded against the account, which must still exist then.
        logout(request)
        services.account_erase(user=user)
        messages.success(request, "Your account and everything in it are deleted. Goodbye, and train well.")
        return redirect("home")
    # What goes with the account, counted through the relations plans and sessions put on it
    # (their live rows: both relations use the models' default manager).
    context = {"form": form, "plans": user.workout_plans.count(), "sessions": user.workout_sessions.count()}
    return render(request, "accounts/delete.html", context, status=INVALID if form.is_bound else 200)


# Django's authentication views, with our templates, forms and URL names, showing an invalid form
# with 422 as every form here does.


class InvalidFormIs422(FormView):
    def form_invalid(self, form: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=INVALID)


# Password checks are deliberately slow; too many at once and every sign-in (and every page the
# same worker serves) waits. Past SIGNIN_CONCURRENCY in this process, a sign-in waits at most
# SIGNIN_WAIT_SECONDS for a turn, then is told to come back (503 with Retry-After).
_signin_turns = threading.BoundedSemaphore(settings.SIGNIN_CONCURRENCY)


class LoginView(InvalidFormIs422, auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _signin_turns.acquire(timeout=settings.SIGNIN_WAIT_SECONDS):
            response = render(request, "accounts/signin_busy.html", status=503)
            response["Retry-After"] = str(settings.OUTAGE_RETRY_AFTER)
            return response
        try:
            return super().post(request, *args, **kwargs)
        finally:
            _signin_turns.release()


class PasswordChangeView(InvalidFormIs422, auth_views.PasswordChangeView):
    form_class = MemberPasswordChangeForm
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


class PasswordResetView(InvalidFormIs422, auth_views.PasswordResetView):
    form_class = MemberPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    subject_template_name = "accounts/password_reset_subject.txt"
    email_template_name = "accounts/password_reset_email.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(InvalidFormIs422, auth_views.PasswordResetConfirmView):
    form_class = MemberSetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def get_user(self, uidb64: str) -> Any:
        # The link's account is looked up before anyone is signed in (row-level security would
        # show none); Django then checks the link's token against it.
        with rls.system_context("password_reset"):
            return super().get_user(uidb64)

    def form_valid(self, form: BaseForm) -> HttpResponse:
        # The token proved who this is: the new password is saved as that member, so their own
        # policies (and their history) apply, not a system context.
        with rls.user_context(self.user):
            return super().form_valid(form)


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
