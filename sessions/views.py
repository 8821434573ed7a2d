from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import models, transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import engines
from django.template.backends.utils import csrf_input
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.equipment import Equipment, smallest_step
from accounts.http import AuthenticatedHttpRequest
from accounts.selectors import data_version
from gymtracker import cache
from gymtracker.conflicts import Conflict, describe_conflict, keep_typed_values
from gymtracker.db import StaleVersionError
from gymtracker.idempotency import once_per_form
from gymtracker.messages import undo_tag
from gymtracker.units import DISTANCE_UNIT, DistanceField, WeightField
from plans.models import ExerciseKind, WorkoutPlan, WorkoutTemplate
from plans.training import LoggedSet, Step, Suggestion
from sessions import selectors, services
from sessions.forms import ExerciseAddForm, SessionEditForm, SessionFilter, SetLogForm, SetTypeForm
from sessions.models import SetType, WorkoutSession, WorkoutSet

PER_PAGE = 20


def _session(request: AuthenticatedHttpRequest, pk: UUID) -> WorkoutSession:
    return get_object_or_404(WorkoutSession.objects.for_user(request.user), pk=pk)


def _set(request: AuthenticatedHttpRequest, pk: UUID, set_pk: UUID) -> WorkoutSet:
    """A live set of one of the member's live sessions, with its session and exercise: one query."""
    sets = WorkoutSet.objects.for_user(request.user).filter(session_id=pk, session__deleted_at__isnull=True)
    return get_object_or_404(sets.select_related("session", "template"), pk=set_pk)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The site's front page. Signed in: what to do today. Otherwise: what the product is."""
    if not request.user.is_authenticated:
        return render(request, "home.html")
    today = selectors.today_for(request.user, today=timezone.localdate())
    return render(request, "today.html", {"today": today})


@require_GET
@login_required
def session_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    filters = SessionFilter(request.GET, queryset=selectors.sessions_of(request.user))
    query = request.GET.copy()
    query.pop("page", None)

    def body() -> str:
        page = Paginator(filters.qs, PER_PAGE).get_page(request.GET.get("page"))
        page.object_list = selectors.with_totals(page.object_list)
        context = {"filter": filters, "page_obj": page, "query": query.urlencode()}
        return render_to_string("sessions/list.html#body", context, request=request)

    # The page's body (its GET form holds no token) is a fragment kept under the member's data
    # version; a filter with errors is answered 422, made afresh.
    status = 200 if filters.is_valid() else 422
    content: str  # rendered templates are SafeStrings, kept or made
    if status == 200:
        version = data_version(request.user)
        content = cache.fragment(request, "session-list", version=version, vary_on=[request.get_full_path()], make=body)
    else:
        content = body()
    return render(request, "sessions/list.html", {"body": content}, status=status)


@require_POST
@login_required
@once_per_form
def session_start(request: AuthenticatedHttpRequest, plan_pk: UUID) -> HttpResponse:
    plan = get_object_or_404(WorkoutPlan.objects.for_user(request.user), pk=plan_pk)
    session = services.session_start(user=request.user, plan=plan, date=timezone.localdate())
    messages.success(request, f"{plan.name} started. Log each set as you go.")
    return redirect("sessions:detail", pk=session.pk)


# Each set's forms post to URLs of their own: reversed once per page with this stand-in for the
# set's id, then filled in per set (a reverse() per set was a measurable part of the page).
_ANY_SET = UUID(int=0)


def _url_per_set(name: str, session: WorkoutSession) -> Callable[[Any], str]:
    head, _, tail = reverse(name, args=[session.pk, _ANY_SET]).rpartition(str(_ANY_SET))
    return lambda set_pk: f"{head}{set_pk}{tail}"


@dataclass
class SetRow:
    """One set as the logging page shows it: a compact row of number, last time, inputs and ✓.

    The template writes each set's inputs out from these values instead of rendering a SetLogForm
    per set: Django's widget rendering was most of the page's cost. The values are formatted by
    the form's own fields, so they read as the form would show them, and a test holds the markup
    to the form's. The one set shown again with its errors (HTTP 422) keeps its bound form.
    """

    set: WorkoutSet
    number: int
    previous: LoggedSet | None  # the same set last time
    values: dict[str, str | None]  # each input's value="…" by field name; None: no value attribute
    inputs: list[tuple["SetInput", str | None]]  # each logged field's input with its value
    record_kinds: list[str]
    log_url: str
    remove_url: str
    type_url: str
    form: SetLogForm | None = None
    current: bool = False  # the session's next set to do
    plates: str | None = None  # for the current set: its plates for each side

    @property
    def set_type(self) -> SetType:
        return SetType(self.set.set_type)


@dataclass
class BlockRows:
    """An exercise of the session (see selectors.ExerciseBlock) with its rows, the reason for what
    its sets are filled in with, and the warm-up sets to its first working weight."""

    template: WorkoutTemplate
    previous: list[LoggedSet]
    rows: list[SetRow]
    kind: str = ExerciseKind.WEIGHT_REPS  # what its sets record (the first set's kind)
    inputs: list["SetInput"] = field(default_factory=list)  # the columns of its rows
    reason: str = ""
    warmups: list[dict[str, Any]] = field(default_factory=list)
    superset: selectors.SupersetPlace | None = None
    rows_html: str = ""  # its rows (markup), drawn by templates/jinja2/sessions/set_rows.jinja


def _input_value(field: forms.Field, value: Any) -> str | None:
    """The value="…" Django's widget would write for an unbound form's initial `value`."""
    return field.widget.format_value(field.prepare_value(value))


def _values(fields: dict[str, forms.Field], initial: dict[str, Any]) -> dict[str, str | None]:
    return {name: _input_value(field, initial.get(name)) for name, field in fields.items()}


@dataclass(frozen=True)
class SetInput:
    """One logged field's input as the set form renders it, for the template to write out per set
    with only the set's id and value changing (templates/jinja2/sessions/set_row.jinja, set_form)."""

    name: str
    label: str
    heading: str  # the column's heading above the rows
    type: str
    attrs: SafeString  # the widget's attributes, as Django writes them, `required` included


def _attributes(attrs: dict[str, Any]) -> SafeString:
    """HTML attributes in the order Django's widget template writes them (flatatt sorts them)."""
    return mark_safe(  # noqa: S308  # nosec B308 B703 - every value is escaped here
        "".join(
            f" {name}" if value is True else f' {name}="{conditional_escape(value)}"'
            for name, value in attrs.items()
            if value is not False and value is not None
        )
    )


# The column headings of the fields whose label is long (the others' label is their heading).
_HEADINGS = {"duration_seconds": "Time"}


def _inputs(fields: dict[str, forms.Field], unit: str) -> list[SetInput]:
    inputs = []
    for name, each in fields.items():
        if name not in WorkoutSet.LOGGED_FIELDS:
            continue
        attrs = dict(each.widget.attrs)
        if each.required:
            attrs["required"] = True
        label = str(each.label) if each.required else f"{each.label} (optional)"
        if name in _HEADINGS:
            heading = _HEADINGS[name]
        elif name == "added_kg":
            heading = ("−" if str(each.label).startswith("Assistance") else "+") + unit
        elif isinstance(each, WeightField):
            heading = unit
        elif isinstance(each, DistanceField):
            heading = DISTANCE_UNIT[unit]
        else:
            heading = str(each.label)
        input_type = getattr(each.widget, "input_type", "text")
        inputs.append(SetInput(name=name, label=label, heading=heading, type=input_type, attrs=_attributes(attrs)))
    return inputs


def _paired(inputs: list[SetInput], values: dict[str, str | None]) -> list[tuple[SetInput, str | None]]:
    return [(each, values[each.name]) for each in inputs]


def _logged_values(workout_set: WorkoutSet) -> dict[str, Any]:
    return {name: getattr(workout_set, name) for name in WorkoutSet.LOGGED_FIELDS}


def _as_stored(values: dict[str, Any]) -> dict[str, Any]:
    """Values as their columns keep them (decimals to the column's places), for showing what was
    written without reading it back."""
    stored = {}
    for name, value in values.items():
        field = WorkoutSet._meta.get_field(name)
        if isinstance(value, Decimal) and isinstance(field, models.DecimalField):
            value = value.quantize(Decimal(1).scaleb(-field.decimal_places))
        stored[name] = value
    return stored


def _wants_json(request: HttpRequest) -> bool:
    """The page's script asks for what changed, to show it in place; a plain form post does not."""
    return request.headers.get("Accept", "").startswith("application/json")


def _detail(
    request: AuthenticatedHttpRequest,
    session: WorkoutSession,
    *,
    bound: dict[Any, SetLogForm] | None = None,
    status: int = 200,
    conflict: Conflict | None = None,
) -> HttpResponse:
    unit = request.user.weight_unit
    log_url = _url_per_set("sessions:set_log", session)
    remove_url = _url_per_set("sessions:set_remove", session)
    type_url = _url_per_set("sessions:set_type", session)
    by_kind: dict[str, tuple[dict[str, forms.Field], list[SetInput]]] = {}

    def fields_of(kind: str) -> tuple[dict[str, forms.Field], list[SetInput]]:
        """The set form's fields and inputs for a kind of set, made once per page."""
        if kind not in by_kind:
            fields = SetLogForm(unit=unit, kind=kind).fields
            by_kind[kind] = (fields, _inputs(fields, unit))
        return by_kind[kind]

    equipment = Equipment.of(request.user)
    blocks = selectors.exercise_blocks(session, equipment)
    flow = selectors.set_flow(blocks)
    upcoming = flow.upcoming
    table = equipment.table() if session.finished_at is None else {}
    bound = bound or {}
    current = None
    shown = []
    plate_step = f"{smallest_step(equipment.plates):f}"
    token_input = csrf_input(request)  # one for every form of the page's rows
    for block in blocks:
        # Progression (plans.training) is a rule of weights and reps: a set of another kind
        # (a plank, dips at body weight, a row) is filled in with what it did last time.
        kind = block.sets[0].kind if block.sets else ExerciseKind.WEIGHT_REPS
        suggestion = block.suggestion if kind == ExerciseKind.WEIGHT_REPS else None
        # A warm-up is left out of what fills in the sets after it: last time's sets are working
        # sets only (plans.selectors.recent_performances), matched to this time's working sets in
        # turn, and the weight carried on is the latest working set's.
        last_weight = None  # the weight of this exercise's latest working set logged in this session
        worked = 0  # the working sets so far
        rows = []
        for index, workout_set in enumerate(block.sets):
            fields, inputs = fields_of(workout_set.kind)
            warmup = workout_set.set_type == SetType.WARMUP
            hint = None
            if not warmup:
                hint = block.previous[worked] if worked < len(block.previous) else None
                worked += 1
            if workout_set.completed_at is not None:
                if not warmup:
                    last_weight = workout_set.weight_kg
                initial = _logged_values(workout_set)
            else:
                initial = _planned(workout_set, last_weight, suggestion, hint)
            values = _values(fields, initial)
            row = SetRow(
                set=workout_set,
                number=index + 1,
                previous=hint,
                values=values,
                inputs=_paired(inputs, values),
                record_kinds=workout_set.record_kinds,  # type: ignore[attr-defined]  # session_for_logging's
                log_url=log_url(workout_set.pk),
                remove_url=remove_url(workout_set.pk),
                type_url=type_url(workout_set.pk),
                form=bound.get(workout_set.pk),
            )
            if current is None and workout_set is upcoming and table:
                current = row
                row.current = True
                row.plates = table.get(row.values.get("weight_kg") or "")
            rows.append(row)
        shown.append(
            BlockRows(
                template=block.template,
                previous=block.previous,
                rows=rows,
                kind=kind,
                inputs=fields_of(kind)[1],
                reason=suggestion.reason(unit) if suggestion and suggestion.step != Step.FIRST else "",
                warmups=_warmups(equipment, block.sets, rows, table),
                superset=block.superset,
                rows_html=_jinja(
                    request,
                    "sessions/set_rows.jinja",
                    rows=rows,
                    exercise_name=block.template.exercise_name,
                    user=request.user,
                    plate_step=plate_step,
                    csrf_input=token_input,
                ),
            )
        )
    context = {
        "session": session,
        "blocks": shown,
        "plate_table": table,
        "plate_step": plate_step,
        "resting": _resting(session) if request.user.rest_timer else None,
        "conflict": conflict,
        "superset_flow": _superset_flow(flow) if any(block.superset for block in blocks) else None,
    }
    return render(request, "sessions/detail.html", context, status=status)


def _superset_flow(flow: selectors.SetFlow) -> dict[str, list[UUID]]:
    """For the page's script, on a session with a superset: the order its sets are done in (the
    next set after one logged offline) and those after which the rest waits for the round's end."""
    return {"order": [s.pk for s in flow.order], "straight_on": [s.pk for s in flow.order if s.pk in flow.straight_on]}


def _planned(
    workout_set: WorkoutSet, last_weight: Decimal | None, suggestion: Suggestion | None, hint: LoggedSet | None
) -> dict[str, Any]:
    """What a set still to do is filled in with: the weight just lifted in this exercise, else the
    plan's progression (plans.training.suggest: last time's weight, more, or a deload), else
    what this set was last time; the reps the progression asks for, else the plan's."""
    weight = last_weight
    if weight is None and suggestion is not None:
        weight = suggestion.weight_kg
    if weight is None and hint is not None:
        weight = hint.weight_kg
    reps = workout_set.target_reps
    if suggestion is not None and suggestion.step in (Step.REPS, Step.INCREASE, Step.DELOAD):
        reps = suggestion.reps
    planned: dict[str, Any] = {"actual_reps": reps, "weight_kg": weight}
    if hint is not None:  # what else the set recorded last time (its kind's fields)
        planned.update(added_kg=hint.added_kg, duration_seconds=hint.duration_seconds, distance_m=hint.distance_m)
    return planned


def _warmups(
    equipment: Equipment, sets: list[WorkoutSet], rows: list[SetRow], table: dict[str, str]
) -> list[dict[str, Any]]:
    """The warm-up sets up to the first working set still to do (bar × 10, 40 % × 5, 60 % × 3,
    80 % × 2, each loadable: accounts.equipment.warmup_ramp), with their plates; none once the
    exercise has a set logged."""
    if (
        not table
        or any(s.completed_at is not None for s in sets)
        or any(s.kind != ExerciseKind.WEIGHT_REPS for s in sets)
    ):
        return []
    work = next((s.weight_kg for s in sets if s.weight_kg), None)
    typed = rows[0].values.get("weight_kg") if rows else None
    if typed:
        work = equipment.to_kg(Decimal(typed))
    if not work:
        return []
    return [
        {"weight_kg": kg, "reps": reps, "plates": table.get(f"{equipment.to_unit(kg):f}", "")}
        for kg, reps in equipment.warmups_kg(work)
    ]


def _resting(session: WorkoutSession) -> WorkoutSet | None:
    """The set whose rest is running, if any: the session's latest logged set (the rest timer
    picks up from it after a reload)."""
    if session.finished_at is not None:
        return None
    done = [s for s in session.live_sets if s.completed_at is not None]  # type: ignore[attr-defined]
    return max(done, key=lambda s: s.completed_at, default=None)


@require_GET
@login_required
def session_detail(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    try:
        session = selectors.session_for_logging(request.user, pk)
    except WorkoutSession.DoesNotExist:
        raise Http404("No such session.") from None
    return _detail(request, session)


def _jinja(request: HttpRequest, name: str, **context: Any) -> SafeString:
    """A template of templates/jinja2/ (the set rows and their parts), as markup. Its forms share
    one CSRF token input, made once (Django's Jinja2 backend would mask a new token at every form)."""
    if "csrf_input" not in context:
        context["csrf_input"] = csrf_input(request)
    rendered = engines["jinja2"].get_template(name).render(context)
    return mark_safe(rendered)  # noqa: S308  # nosec B308 B703 - the template escapes what it writes


# The view makes one write, a single statement, and writes nothing before it; raising afterwards
# (Http404 when that statement found no set) leaves nothing to undo. So it runs straight in the
# request's transaction (RowLevelSecurityMiddleware), without the savepoint ATOMIC_REQUESTS would
# add: two round trips fewer for the app's most frequent write.
@transaction.non_atomic_requests
@require_POST
@login_required
def set_log(request: AuthenticatedHttpRequest, pk: UUID, set_pk: UUID) -> HttpResponse:
    kind = _posted_kind(request, set_pk)
    form = SetLogForm(request.POST, unit=request.user.weight_unit, kind=kind, prefix=f"set-{set_pk}")
    if not form.is_valid():
        workout_set = _set(request, pk, set_pk)  # another member's set is a 404 before any 422
        if _wants_json(request):
            row = {"set": workout_set, "form": form, "log_url": request.path}
            return JsonResponse(
                {"html": {f"set-{set_pk}-form": _jinja(request, "sessions/set_form.jinja", row=row)}}, status=422
            )
        session = selectors.session_for_logging(request.user, pk)
        return _detail(request, session, bound={workout_set.pk: form}, status=422)
    key = form.cleaned_data["key"]
    logged = services.set_log_in_session(
        session_id=pk,
        set_id=set_pk,
        member=request.user,
        values=form.logged,
        key=key,
        # The script's logs carry keys, whose order its queue keeps; a plain form post carries the
        # version of the set it was shown with.
        read_at=form.cleaned_data["read_at"] if key is None and not _wants_json(request) else None,
        kind=kind,
    )
    if logged is None:
        raise Http404("No such set.")
    if logged.stale:
        return _stale_set(request, pk, set_pk, form)
    if _wants_json(request):
        return JsonResponse(_logged_in_place(request, set_pk, form, logged))
    # Straight on to the next set still to do (or to "Finish" when none is left).
    anchor = f"#set-{logged.upcoming}" if logged.upcoming else "#finish"
    return redirect(reverse("sessions:detail", args=[pk]) + anchor)


def _posted_kind(request: HttpRequest, set_pk: UUID) -> str:
    """The kind of set the page made the form for (a set's kind never changes); a post without
    one (a log queued offline by an older page) is a set of weights and reps. A set of another
    kind is not logged (workouts_set_log), so the kind is never taken on trust."""
    kind = request.POST.get(f"set-{set_pk}-kind", ExerciseKind.WEIGHT_REPS)
    return kind if kind in ExerciseKind.values else ExerciseKind.WEIGHT_REPS


def _stale_set(request: AuthenticatedHttpRequest, pk: UUID, set_pk: UUID, form: SetLogForm) -> HttpResponse:
    """The set changed since its form was shown (another tab, or Back and resubmit of an older
    value): nothing was written. The page shows what was typed beside what is saved, with the form
    as typed but claiming the version saved now, so that sending it again overwrites on purpose."""
    current = _set(request, pk, set_pk)
    saved = _logged_values(current)
    conflict = Conflict(noun="set")
    for name in form.logged:
        field = form.fields[name]
        yours, theirs = _input_value(field, form.cleaned_data[name]), _input_value(field, saved[name])
        if yours != theirs:
            conflict.rows.append({"label": field.label, "yours": yours or "", "theirs": theirs or ""})
    data = form.data.copy()  # type: ignore[attr-defined]
    data[form.add_prefix("read_at")] = current.updated_at.isoformat()
    rearmed = SetLogForm(data, unit=request.user.weight_unit, kind=current.kind, prefix=form.prefix)
    rearmed.is_valid()
    session = selectors.session_for_logging(request.user, pk)
    return _detail(request, session, bound={current.pk: rearmed}, status=409, conflict=conflict)


def _logged_in_place(
    request: AuthenticatedHttpRequest, set_pk: UUID, form: SetLogForm, logged: services.Logged
) -> dict[str, Any]:
    """What the page changes for a set logged in place, rendered by the page's own partials: the
    set's form and marks, and the session's totals. All from the one database call."""
    if logged.replayed:  # what was written the first time is what the set holds: show that
        workout_set = WorkoutSet.objects.get(pk=set_pk)
        initial = _logged_values(workout_set)
    else:
        workout_set = WorkoutSet(
            pk=set_pk, kind=_posted_kind(request, set_pk), completed_at=logged.logged_at, updated_at=logged.changed_at
        )
        initial = _as_stored(form.logged)
    values = _values(form.fields, initial)
    inputs = _paired(_inputs(form.fields, request.user.weight_unit), values)
    row = {"set": workout_set, "inputs": inputs, "log_url": request.path, "record_kinds": list(logged.records)}
    html = {
        f"set-{set_pk}-form": _jinja(request, "sessions/set_form.jinja", row=row),
        f"set-{set_pk}-marks": _jinja(request, "sessions/set_marks.jinja", row=row),
        "session-totals": render_to_string("includes/session_totals.html", {"session": logged}, request=request),
    }
    return {
        "logged": True,
        "replayed": logged.replayed,
        "logged_at": logged.logged_at.isoformat(),
        "upcoming": str(logged.upcoming) if logged.upcoming else None,
        "html": html,
    }


@require_POST
@login_required
@once_per_form
def set_add(request: AuthenticatedHttpRequest, pk: UUID, template_pk: UUID) -> HttpResponse:
    session = _session(request, pk)
    # Only exercises this session already has: adding a new one goes through exercise_add.
    template = get_object_or_404(
        WorkoutTemplate.all_objects.filter(workout_sets__session=session).distinct(), pk=template_pk
    )
    workout_set = services.set_add(session=session, template=template)
    return redirect(reverse("sessions:detail", args=[session.pk]) + f"#set-{workout_set.pk}")


@require_POST
@login_required
def set_remove(request: AuthenticatedHttpRequest, pk: UUID, set_pk: UUID) -> HttpResponse:
    workout_set = _set(request, pk, set_pk)
    session = workout_set.session
    services.set_remove(workout_set=workout_set)
    if _wants_json(request):
        return JsonResponse({"removed": True, "html": {"session-totals": _totals(request, session)}})
    messages.success(
        request,
        f"A set of {workout_set.template.exercise_name} was removed.",
        extra_tags=undo_tag(reverse("sessions:set_restore", args=[session.pk, workout_set.pk])),
    )
    return redirect("sessions:detail", pk=session.pk)


@require_POST
@login_required
def set_restore(request: AuthenticatedHttpRequest, pk: UUID, set_pk: UUID) -> HttpResponse:
    """Undo a removal: the set comes back where it was. Again for a set that is back is a no-op."""
    sets = WorkoutSet.all_objects.for_user(request.user).filter(session_id=pk, session__deleted_at__isnull=True)
    workout_set = get_object_or_404(sets.select_related("session", "template"), pk=set_pk)
    if workout_set.deleted_at is not None:
        services.set_restore(workout_set=workout_set)
    if _wants_json(request):
        return JsonResponse({"restored": True, "html": {"session-totals": _totals(request, workout_set.session)}})
    messages.success(request, f"The set of {workout_set.template.exercise_name} is back.")
    return redirect(reverse("sessions:detail", args=[pk]) + f"#set-{workout_set.pk}")


@require_POST
@login_required
def set_type(request: AuthenticatedHttpRequest, pk: UUID, set_pk: UUID) -> HttpResponse:
    """A set made a warm-up, a drop set, a set to failure or a working set again: the page's
    one tap on a set's number sends the type after the one it shows. Logged or not."""
    workout_set = _set(request, pk, set_pk)  # another member's set is a 404 before any 422
    form = SetTypeForm(request.POST)
    if not form.is_valid():
        reason = " ".join(map(str, form.errors["set_type"]))
        if _wants_json(request):
            return JsonResponse({"error": reason}, status=422)
        messages.error(request, reason)
        return _detail(request, selectors.session_for_logging(request.user, pk), status=422)
    services.set_type_change(workout_set=workout_set, set_type=form.cleaned_data["set_type"])
    if _wants_json(request):
        return JsonResponse(_typed_in_place(request, workout_set))
    return redirect(reverse("sessions:detail", args=[pk]) + f"#set-{workout_set.pk}")


def _typed_in_place(request: AuthenticatedHttpRequest, workout_set: WorkoutSet) -> dict[str, Any]:
    """What the page changes for a set whose type changed, rendered by the page's own partials:
    the set's type control (with its number among its exercise's sets) and its record marks, and
    the session's totals."""
    earlier = WorkoutSet.objects.filter(session_id=workout_set.session_id, template_id=workout_set.template_id).filter(
        models.Q(position__lt=workout_set.position)
        | models.Q(position=workout_set.position, created_at__lt=workout_set.created_at)
    )
    logged = workout_set.completed_at is not None
    records = selectors.record_kinds(request.user, [workout_set.pk]) if logged else {}
    row = {
        "set": workout_set,
        "number": earlier.count() + 1,
        "set_type": SetType(workout_set.set_type),
        "type_url": request.path,
        "record_kinds": records.get(workout_set.pk, []),
    }
    pk = workout_set.pk
    return {
        "set_type": workout_set.set_type,
        "html": {
            f"set-{pk}-type": _jinja(request, "sessions/set_type.jinja", row=row),
            f"set-{pk}-marks": _jinja(request, "sessions/set_marks.jinja", row=row),
            "session-totals": _totals(request, workout_set.session),
        },
    }


def _totals(request: HttpRequest, session: WorkoutSession) -> str:
    (session,) = selectors.with_totals([session])
    return render_to_string("includes/session_totals.html", {"session": session}, request=request)


@require_http_methods(["GET", "POST"])
@login_required
@once_per_form
def exercise_add(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    session = _session(request, pk)
    form = ExerciseAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        template = services.exercise_add(session=session, **form.cleaned_data)
        messages.success(request, f"{template.exercise_name} added.")
        return redirect(reverse("sessions:detail", args=[session.pk]) + f"#exercise-{template.pk}")
    status = 422 if request.method == "POST" else 200
    return render(request, "sessions/exercise_add.html", {"session": session, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
@once_per_form
def session_edit(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    session = _session(request, pk)
    form = SessionEditForm(request.POST or None, instance=session, initial={"version": session.version})
    context: dict[str, Any] = {"session": session, "form": form}
    if request.method == "POST" and form.is_valid():
        fresh = _session(request, pk)  # the form changed `session` in place; keep a clean copy
        try:
            services.session_update(
                session=fresh,
                version=form.cleaned_data["version"],
                date=form.cleaned_data["date"],
                notes=form.cleaned_data["notes"],
            )
        except StaleVersionError:
            current = _session(request, pk)
            context["conflict"] = describe_conflict(form, current, noun="session")
            keep_typed_values(form, current)
            return render(request, "sessions/edit.html", context, status=409)
        messages.success(request, "Session saved.")
        return redirect("sessions:detail", pk=session.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "sessions/edit.html", context, status=status)


@require_POST
@login_required
def session_finish(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    session = _session(request, pk)
    services.session_finish(session=session)
    messages.success(request, "Workout finished and saved. Well done!")
    return redirect("sessions:detail", pk=session.pk)


@require_http_methods(["GET", "POST"])
@login_required
def session_delete(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    if request.method == "POST":
        # A deleted one too: the second of two clicks is answered as the first.
        session = get_object_or_404(WorkoutSession.all_objects.for_user(request.user), pk=pk)
        services.session_soft_delete(session=session)
        # The message names the restore URL, so the page it is shown on offers to undo the delete
        # (templates/includes/messages.html); the restore view checks the session is the member's.
        messages.success(
            request,
            f"The session of {session.date:%-d %B %Y} is in the trash.",
            extra_tags=undo_tag(reverse("sessions:restore", args=[session.pk])),
        )
        return redirect("sessions:list")
    return render(request, "sessions/delete.html", {"session": _session(request, pk)})


@require_GET
@login_required
def session_trash(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(selectors.deleted_sessions(request.user), PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_totals(page.object_list)
    return render(request, "sessions/trash.html", {"page_obj": page, "query": ""})


@require_POST
@login_required
def session_restore(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    session = get_object_or_404(WorkoutSession.all_objects.for_user(request.user), pk=pk)
    session = services.session_restore(session=session)
    messages.success(request, f"The session of {session.date:%-d %B %Y} is back in your sessions.")
    return redirect("sessions:detail", pk=session.pk)
