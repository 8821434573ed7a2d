import datetime
from functools import wraps
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import reach
from accounts.equipment import Equipment
from accounts.http import AuthenticatedHttpRequest
from accounts.models import HealthProfile
from coaching import selectors, services
from coaching.forms import AssignPlanForm, CommentForm, InviteCodeForm
from coaching.models import CoachRelationship
from gymtracker.idempotency import once_per_form
from plans.selectors import plans_for_list
from progress import views as progress_views
from sessions import selectors as session_selectors
from sessions.models import WorkoutSession


def coach_required(view: Any) -> Any:
    """The coach workspace is for coaches (the `coach` group); others get a 403."""

    @wraps(view)
    def wrapper(request: AuthenticatedHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not selectors.is_coach(request.user):
            raise PermissionDenied("Only coaches have a coaching workspace.")
        return view(request, *args, **kwargs)

    return login_required(wrapper)


# --- The coach's side ---------------------------------------------------------------------------


@require_GET
@coach_required
def member_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    week_start = today - datetime.timedelta(days=today.weekday())
    context = {
        "members": selectors.members_overview(coach=request.user, week_start=week_start),
        "invites": selectors.open_invites(coach=request.user, now=timezone.now()),
        "week_start": week_start,
    }
    return render(request, "coaching/member_list.html", context)


@require_POST
@coach_required
@once_per_form
def invite_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    invite = services.invite_create(coach=request.user)
    link = request.build_absolute_uri(reverse("coaching:join", args=[invite.code]))
    messages.success(request, f"New invite: give your member this link: {link}")
    return redirect("coaching:members")


def _member_page(
    request: AuthenticatedHttpRequest, member_id: UUID, *, assign_form: AssignPlanForm | None = None, status: int = 200
) -> HttpResponse:
    member = reach.coached_member(coach=request.user, member_id=member_id)
    # Readable only when the member shares it (row-level security hides it otherwise).
    health = HealthProfile.objects.filter(user=member, shared_with_coach=True).first()
    context = {
        "member": member,
        "plans": plans_for_list(user=member),
        "sessions": session_selectors.with_totals(session_selectors.sessions_of(member)[:10]),
        "health": health,
        "assign_form": assign_form or AssignPlanForm(coach=request.user),
        "relationship": CoachRelationship.objects.current().filter(coach=request.user, member=member).first(),
    }
    return render(request, "coaching/member.html", context, status=status)


@require_GET
@coach_required
def member_detail(request: AuthenticatedHttpRequest, member_id: UUID) -> HttpResponse:
    return _member_page(request, member_id)


@require_GET
@coach_required
def member_progress(request: AuthenticatedHttpRequest, member_id: UUID) -> HttpResponse:
    member = reach.coached_member(coach=request.user, member_id=member_id)
    return progress_views.render_dashboard(request, member, member=member)


@require_GET
@coach_required
def member_exercise(request: AuthenticatedHttpRequest, member_id: UUID, name: str) -> HttpResponse:
    member = reach.coached_member(coach=request.user, member_id=member_id)
    return progress_views.render_exercise(request, member, name, member=member)


@require_POST
@coach_required
@once_per_form
def plan_assign(request: AuthenticatedHttpRequest, member_id: UUID) -> HttpResponse:
    member = reach.coached_member(coach=request.user, member_id=member_id)
    form = AssignPlanForm(request.POST, coach=request.user)
    if not form.is_valid():
        return _member_page(request, member_id, assign_form=form, status=422)
    plan = services.plan_assign(plan=form.cleaned_data["plan"], member=member)
    messages.success(request, f"“{plan.name}” is now in {member.username}'s plans.")
    return redirect("plans:detail", pk=plan.pk)


def _session_page(
    request: AuthenticatedHttpRequest,
    member_id: UUID,
    session_id: UUID,
    *,
    form: CommentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    member = reach.coached_member(coach=request.user, member_id=member_id)
    try:
        session = session_selectors.session_for_logging(member, session_id)
    except WorkoutSession.DoesNotExist:
        raise Http404("No such session.") from None
    context = {
        "member": member,
        "session": session,
        "blocks": session_selectors.exercise_blocks(session, Equipment.of(member)),
        "form": form or CommentForm(),
    }
    return render(request, "coaching/session.html", context, status=status)


@require_GET
@coach_required
def session_detail(request: AuthenticatedHttpRequest, member_id: UUID, session_id: UUID) -> HttpResponse:
    return _session_page(request, member_id, session_id)


@require_POST
@coach_required
@once_per_form
def comment_add(request: AuthenticatedHttpRequest, member_id: UUID, session_id: UUID) -> HttpResponse:
    member = reach.coached_member(coach=request.user, member_id=member_id)
    session = get_object_or_404(WorkoutSession.objects.for_user(member), pk=session_id)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _session_page(request, member_id, session_id, form=form, status=422)
    services.comment_add(session=session, author=request.user, body=form.cleaned_data["body"])
    messages.success(request, f"Comment added; {member.username} sees it on this session.")
    return redirect("coaching:session", member_id=member.pk, session_id=session.pk)


# --- Both sides ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def relationship_end(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    """Either side ends coaching: GET asks whether they are sure, POST ends it."""
    mine = Q(coach=request.user) | Q(member=request.user)
    relationship = get_object_or_404(
        CoachRelationship.objects.current().filter(mine).select_related("coach", "member"), pk=pk
    )
    if request.method == "GET":
        context = {"relationship": relationship, "as_coach": request.user.pk == relationship.coach_id}
        return render(request, "coaching/end.html", context)
    services.relationship_end(relationship=relationship)
    if request.user.pk == relationship.coach_id:
        messages.success(request, f"You no longer coach {relationship.member.username}.")
        return redirect("coaching:members")
    messages.success(request, f"{relationship.coach.username} no longer coaches you.")
    return redirect("coaching:mine")


# --- The member's side --------------------------------------------------------------------------


# Read is recorded by this POST from the start page's "New from your coach" list, not by opening
# the session page: a GET never writes, and the session page's view belongs to the logging path.
@require_POST
@login_required
def comment_read(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    if not services.comment_read(comment_id=pk):
        raise Http404("No such comment on your sessions.")
    return redirect("home")


@require_GET
@login_required
def my_coaches(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {"relationships": selectors.relationships_of_member(member=request.user), "form": InviteCodeForm()}
    return render(request, "coaching/mine.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def join(request: AuthenticatedHttpRequest, code: str = "") -> HttpResponse:
    """Accepting a coach's invite: by its link (GET shows who invites, POST accepts) or by
    typing the code on the "Your coaches" page."""
    form = InviteCodeForm(request.POST or None, initial={"code": code})
    if request.method == "POST" and form.is_valid():
        try:
            relationship = services.invite_accept(member=request.user, code=form.cleaned_data["code"])
        except services.CoachingError as error:
            form.add_error("code", str(error))
        else:
            messages.success(request, f"{relationship.coach.username} now coaches you.")
            return redirect("coaching:mine")
    invite = services.invite_find(code=code) if code else None
    status = 422 if request.method == "POST" else 200
    return render(request, "coaching/join.html", {"form": form, "invite": invite}, status=status)
