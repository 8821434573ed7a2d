"""The member's plan pages. Thin: every read is scoped to the member, every write is a service."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import capfirst
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import reach
from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from accounts.selectors import data_version
from gymtracker import cache
from gymtracker.conflicts import Conflict, describe_conflict, keep_typed_values
from gymtracker.db import StaleVersionError
from gymtracker.idempotency import once_per_form
from plans import selectors, services
from plans.filters import PlanFilter
from plans.forms import (
    EXERCISES_PREFIX,
    BaseExerciseFormSet,
    CustomExerciseEditForm,
    CustomExerciseForm,
    ExerciseFormSet,
    ExerciseSearchForm,
    PlanEditForm,
    PlanForm,
)
from plans.models import Exercise, WorkoutPlan, WorkoutTemplate
from plans.supersets import grouped, letter
from plans.training import Progression

PLANS_PER_PAGE = 10
EXERCISES_PER_PAGE = 20
SUGGESTIONS = 10


def _page(request: HttpRequest, queryset: Any) -> Page:
    return Paginator(queryset, PLANS_PER_PAGE).get_page(request.GET.get("page"))


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
@require_GET
def plan_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    filterset = PlanFilter(request.GET or None, queryset=selectors.plans_for_list(user=request.user))

    def body() -> str:
        query = _query_without_page(request)
        context = {"filter": filterset, "page_obj": _page(request, filterset.qs), "query": query}
        return render_to_string("plans/plan_list.html#body", context, request=request)

    # An invalid filter (a sort order that does not exist) is reported beside the unfiltered list,
    # made afresh; otherwise the page's body (its GET form holds no token) is a fragment kept
    # under the member's data version.
    status = 422 if filterset.is_bound and not filterset.is_valid() else 200
    content: str  # rendered templates are SafeStrings, kept or made
    if status == 200:
        version = data_version(request.user)
        content = cache.fragment(request, "plan-list", version=version, vary_on=[request.get_full_path()], make=body)
    else:
        content = body()
    return render(request, "plans/plan_list.html", {"body": content}, status=status)


@login_required
@require_GET
def plan_detail(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    plan = get_object_or_404(selectors.plans_with_exercises(user=request.user), pk=pk)
    groups = grouped(plan.exercises, key=lambda exercise: exercise.superset)  # type: ignore[attr-defined]
    return render(request, "plans/plan_detail.html", {"plan": plan, "groups": groups})


def _member_for(request: AuthenticatedHttpRequest) -> User:
    """Who a new plan (or the exercises it may name) is for: the member themselves, or
    (`?for=<id>`) a member their coach is writing it for. Anyone else's id is a 404."""
    member_id = request.GET.get("for")
    if not member_id:
        return request.user
    return reach.coached_member(coach=request.user, member_id=member_id)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form
def plan_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    owner = _member_for(request)
    if request.method == "POST":
        form = PlanForm(request.POST)
        formset = ExerciseFormSet(
            request.POST,
            prefix=EXERCISES_PREFIX,
            form_kwargs=_row_kwargs(request, owner),
            queryset=WorkoutTemplate.objects.none(),
        )
        if _both_valid(form, formset):
            plan = services.plan_create(
                user=owner,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                exercises=formset.exercise_specs(),
                created_by=request.user,
            )
            messages.success(request, f"“{plan.name}” is ready. Start a session from it whenever you like.")
            return redirect("plans:detail", pk=plan.pk)
        return _render_form(request, form, formset, owner=owner, status=422)
    form = PlanForm()
    formset = ExerciseFormSet(
        prefix=EXERCISES_PREFIX, form_kwargs=_row_kwargs(request, owner), queryset=WorkoutTemplate.objects.none()
    )
    return _render_form(request, form, formset, owner=owner)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form
def plan_edit(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    plan = get_object_or_404(WorkoutPlan.objects.managed_by(request.user).select_related("user"), pk=pk)
    exercises = selectors.exercises_of(plan)
    if request.method == "POST":
        form = PlanEditForm(request.POST, instance=plan)
        formset = ExerciseFormSet(
            request.POST,
            instance=plan,
            prefix=EXERCISES_PREFIX,
            form_kwargs=_row_kwargs(request, plan.user),
            queryset=exercises,
        )
        if _both_valid(form, formset):
            specs = formset.exercise_specs()
            try:
                services.plan_update(
                    plan=plan,
                    version=form.cleaned_data["version"],
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                    exercises=specs,
                )
            except StaleVersionError:
                # Someone saved the plan since this form was opened. Show both versions and
                # keep everything typed; the form now claims the saved version, so saving
                # again overwrites it on purpose.
                current = get_object_or_404(selectors.plans_with_exercises(user=request.user), pk=pk)
                conflict = describe_conflict(form, current, noun="plan")
                _add_exercise_rows(conflict, specs, current.exercises)  # type: ignore[attr-defined]
                keep_typed_values(form, current)
                return _render_form(request, form, formset, plan=current, conflict=conflict, status=409)
            messages.success(request, f"Saved “{plan.name}”.")
            return redirect("plans:detail", pk=plan.pk)
        return _render_form(request, form, formset, plan=plan, status=422)
    form = PlanEditForm(instance=plan)
    formset = ExerciseFormSet(
        instance=plan, prefix=EXERCISES_PREFIX, form_kwargs=_row_kwargs(request, plan.user), queryset=exercises
    )
    return _render_form(request, form, formset, plan=plan)


@login_required
@require_POST
@once_per_form
def plan_duplicate(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    plan = get_object_or_404(WorkoutPlan.objects.managed_by(request.user), pk=pk)
    # A coach duplicating a member's plan makes the copy for that member.
    copy = services.plan_duplicate(plan=plan, user=plan.user, created_by=request.user)
    messages.success(request, f"This is your copy of “{plan.name}”. Rename it and adjust the exercises.")
    return redirect("plans:edit", pk=copy.pk)


@login_required
@require_http_methods(["GET", "POST"])
def plan_delete(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    if request.method == "POST":
        # A deleted one too: the second of two clicks is answered as the first.
        plan = get_object_or_404(WorkoutPlan.all_objects.for_user(request.user), pk=pk)
        services.plan_soft_delete(plan=plan)
        messages.success(request, f"“{plan.name}” is in the trash. You can restore it from there.")
        return redirect("plans:list")
    plan = get_object_or_404(WorkoutPlan.objects.for_user(request.user), pk=pk)
    return render(request, "plans/plan_confirm_delete.html", {"plan": plan})


@login_required
@require_GET
def plan_trash(request: AuthenticatedHttpRequest) -> HttpResponse:
    page_obj = _page(request, selectors.deleted_plans(user=request.user))
    return render(request, "plans/plan_trash.html", {"page_obj": page_obj, "query": ""})


@login_required
@require_POST
def plan_restore(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    plan = get_object_or_404(WorkoutPlan.all_objects.for_user(request.user), pk=pk)
    services.plan_restore(plan=plan)
    messages.success(request, f"“{plan.name}” is back in your plans.")
    return redirect("plans:detail", pk=plan.pk)


def _row_kwargs(request: AuthenticatedHttpRequest, owner: User) -> dict[str, Any]:
    # Weights on the form are in the unit of whoever edits (as every weight they see is); the
    # exercises suggested are those the plan's member may name.
    kwargs: dict[str, Any] = {"unit": request.user.weight_unit}
    if owner.pk != request.user.pk:
        kwargs["picker_url"] = _for(reverse("plans:exercise_suggest"), owner)
    return kwargs


def _for(url: str, member: User | None) -> str:
    """`url` as a coach opens it for their member (`?for=<id>`)."""
    return f"{url}?for={member.pk}" if member is not None else url


def _both_valid(form: PlanForm, formset: BaseExerciseFormSet) -> bool:
    # Both are validated, whatever the first says, so that every error shows at once.
    form_valid = form.is_valid()
    formset_valid = formset.is_valid()
    return form_valid and formset_valid


def _render_form(
    request: AuthenticatedHttpRequest,
    form: PlanForm,
    formset: BaseExerciseFormSet,
    *,
    plan: WorkoutPlan | None = None,
    owner: User | None = None,
    conflict: Conflict | None = None,
    status: int = 200,
) -> HttpResponse:
    # `for_member`: the member a coach is writing this plan for (None for one's own plans).
    owner = plan.user if plan is not None else owner
    for_member = owner if owner is not None and owner.pk != request.user.pk else None
    context = {
        "form": form,
        "formset": formset,
        "plan": plan,
        "conflict": conflict,
        "for_member": for_member,
        "library_url": _for(reverse("plans:exercises"), for_member),
    }
    return render(request, "plans/plan_form.html", context, status=status)


def _summary(exercise: services.ExerciseSpec | WorkoutTemplate) -> str:
    sets = f"{exercise.exercise_name} {exercise.sets}\u00a0×\u00a0{exercise.repetitions}"  # never broken
    if exercise.repetitions_top:
        sets += f"–{exercise.repetitions_top}"
    rules = [
        f"{exercise.progression} progression" if exercise.progression != Progression.NONE else "",
        f"rest {exercise.rest_seconds}\u00a0s" if exercise.rest_seconds is not None else "",
        f"superset {letter(exercise.superset)}" if exercise.superset is not None else "",
    ]
    return ", ".join([sets, *filter(None, rules)])


def _add_exercise_rows(conflict: Conflict, typed: list[services.ExerciseSpec], saved: list[WorkoutTemplate]) -> None:
    """One row per position where the typed exercises and the saved ones differ."""
    yours = [_summary(spec) for spec in typed]
    theirs = [_summary(t) for t in saved]
    for index in range(max(len(yours), len(theirs))):
        mine = yours[index] if index < len(yours) else ""
        other = theirs[index] if index < len(theirs) else ""
        if mine != other:
            conflict.rows.append({"label": f"Exercise {index + 1}", "yours": mine, "theirs": other})


# The exercise library and the member's own exercises.


def _page_number(request: HttpRequest) -> int:
    try:
        return min(max(int(request.GET.get("page", 1)), 1), 10_000)
    except ValueError:
        return 1


@login_required
@require_GET
def exercise_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The library and the member's own exercises, searched and filtered (a GET form, so it works
    without the script), theirs first. A coach may look through a member's (`?for=<id>`)."""
    member = _member_for(request)
    form = ExerciseSearchForm(request.GET or None)
    # An invalid filter (a muscle that does not exist) is reported above what the rest finds.
    status = 422 if form.is_bound and not form.is_valid() else 200
    page_obj = selectors.exercise_search(
        user=member, query=form.query(), page=_page_number(request), per_page=EXERCISES_PER_PAGE
    )
    context = {
        "form": form,
        "page_obj": page_obj,
        "query": _query_without_page(request),
        "for_member": member if member.pk != request.user.pk else None,
    }
    return render(request, "plans/exercise_list.html", context, status=status)


@login_required
@require_GET
def exercise_suggest(request: AuthenticatedHttpRequest) -> JsonResponse:
    """The first suggestions for a typed name, for the pickers (static/js/exercise_picker.js): the
    library page's search, as JSON."""
    member = _member_for(request)
    form = ExerciseSearchForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=422)
    found = selectors.exercise_search(user=member, query=form.query(), per_page=SUGGESTIONS)
    results = [
        {"name": e.name, "kind": e.get_kind_display(), "equipment": capfirst(e.equipment or ""), "own": e.own}
        for e in found
    ]
    return JsonResponse({"results": results})


def _library_showing(exercise: Exercise) -> str:
    return f"{reverse('plans:exercises')}?{urlencode({'q': exercise.name})}"


@login_required
@require_http_methods(["GET", "POST"])
@once_per_form
def exercise_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CustomExerciseForm(request.POST if request.method == "POST" else None, owner=request.user)
    if form.is_bound and form.is_valid():
        try:
            exercise = services.custom_exercise_create(owner=request.user, **form.cleaned_data)
        except IntegrityError:  # one by this name was made meanwhile, in another tab
            form.add_error("name", "You already have an exercise by this name.")
        else:
            messages.success(request, f"“{exercise.name}” is one of your exercises now. Name it in any plan.")
            return redirect(_library_showing(exercise))
    status = 422 if form.is_bound else 200
    return render(request, "plans/exercise_form.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def exercise_edit(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    exercise = get_object_or_404(Exercise.objects.owned_by(request.user), pk=pk)
    if request.method != "POST":
        form = CustomExerciseEditForm(instance=exercise, owner=request.user)
        return render(request, "plans/exercise_form.html", {"form": form, "exercise": exercise})
    form = CustomExerciseEditForm(request.POST, instance=exercise, owner=request.user)
    if form.is_valid():
        try:
            services.custom_exercise_update(exercise=exercise, **form.cleaned_data)
        except StaleVersionError:
            # Saved since this form was opened (another tab): both versions, everything typed kept.
            current = get_object_or_404(Exercise.objects.owned_by(request.user), pk=pk)
            conflict = describe_conflict(form, current, noun="exercise")
            keep_typed_values(form, current)
            context = {"form": form, "exercise": current, "conflict": conflict}
            return render(request, "plans/exercise_form.html", context, status=409)
        except IntegrityError:
            form.add_error("name", "You already have an exercise by this name.")
        else:
            messages.success(request, f"Saved “{exercise.name}”.")
            return redirect(_library_showing(exercise))
    return render(request, "plans/exercise_form.html", {"form": form, "exercise": exercise}, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def exercise_delete(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    if request.method == "POST":
        # A deleted one too: the second of two clicks is answered as the first.
        exercise = get_object_or_404(Exercise.all_objects.owned_by(request.user), pk=pk)
        services.custom_exercise_delete(exercise=exercise)
        messages.success(request, f"“{exercise.name}” is deleted. The plans and sessions that name it keep it.")
        return redirect("plans:exercises")
    exercise = get_object_or_404(Exercise.objects.owned_by(request.user), pk=pk)
    plans = WorkoutPlan.objects.for_user(request.user).filter(
        templates__exercise=exercise, templates__deleted_at__isnull=True
    )
    context = {"exercise": exercise, "plan_count": plans.distinct().count()}
    return render(request, "plans/exercise_confirm_delete.html", context)
