from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from accounts.selectors import data_version
from gymtracker import cache
from gymtracker.conflicts import Conflict, keep_typed_values
from gymtracker.db import StaleVersionError
from gymtracker.idempotency import once_per_form
from gymtracker.units import EQUIPMENT_STEP, format_weight, kg_to_unit
from progress import charts, selectors, services
from progress.forms import BodyWeightEditForm, BodyWeightForm, SearchForm
from progress.models import BodyWeight, ExerciseStat

PER_PAGE = 20


@require_GET
@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render_dashboard(request, request.user)


def _body(
    request: AuthenticatedHttpRequest,
    page: str,
    subject: User,
    member: User | None,
    make: Callable[[], str],
    *extra: str,
) -> SafeString:
    """A progress page's body below its heading (it holds no form): a fragment cached under
    `subject`'s data version, for the member's own page and for their coach's alike. Besides the
    reader (`gymtracker.cache`), it depends on whose data it is and whether a coach reads it
    (links to the coaching pages, and the member's name in the text)."""
    vary_on = (subject.pk, subject.username if member else "own", *extra)
    return cache.fragment(request, f"progress-{page}", version=data_version(subject), vary_on=vary_on, make=make)


def render_dashboard(request: AuthenticatedHttpRequest, subject: User, *, member: User | None = None) -> HttpResponse:
    """`subject`'s dashboard in the viewer's unit: the member's own, or (with `member`) a coached
    member's, whose links lead to the coach's pages."""

    def make() -> str:
        unit = request.user.weight_unit
        board = selectors.dashboard(subject, today=timezone.localdate(), exercise_limit=None if member else 8)
        volume_chart = charts.chart(
            "weekly-volume",
            "Volume per week",
            unit,
            [(row["week"], kg_to_unit(row["volume_kg"], unit)) for row in board.weekly_volume],
            bars=True,
        )
        change = None
        if board.last_week_kg:
            change = round((board.this_week_kg - board.last_week_kg) * 100 / board.last_week_kg)
        heat_map = charts.heat_map_svg(
            board.cells,
            width=board.heat_width,
            labelledby="year-heading",
            volume={cell.date: format_weight(cell.volume_kg, unit) for cell in board.cells if cell.sessions},
        )
        month_rows = charts.table_rows(
            (charts.month_label(m["month"]), str(m["sessions"]), str(m["sets"]), format_weight(m["volume_kg"], unit))
            for m in board.months
        )
        week_rows = charts.table_rows(
            (charts.day_label(w["week"]), str(w["sets"]), format_weight(w["volume_kg"], unit))
            for w in board.weekly_volume
        )
        weights = selectors.body_weights(subject, today=timezone.localdate())
        weight_chart = charts.chart(
            "body-weight",
            "Body weight",
            unit,
            [(day, kg_to_unit(kg, unit, step=EQUIPMENT_STEP)) for day, kg in weights.entries],
        )
        weight_rows = charts.table_rows(
            (charts.day_label(day), format_weight(kg, unit, step=EQUIPMENT_STEP))
            for day, kg in reversed(weights.entries)
        )
        context = {
            "board": board,
            "weights": weights,
            "weight_chart": weight_chart,
            "weight_rows": weight_rows,
            "unit": unit,
            "volume_chart": volume_chart,
            "heat_map": heat_map,
            "month_rows": month_rows,
            "week_rows": week_rows,
            "change": change,
            "member": member,
        }
        return render_to_string("progress/_dashboard_body.html", context, request=request)

    body = _body(request, "dashboard", subject, member, make)
    return render(request, "progress/dashboard.html", {"body": body, "member": member})


@require_GET
@login_required
def exercise_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    exercises = selectors.exercise_summaries(request.user)
    return render(request, "progress/exercise_list.html", {"exercises": exercises})


@require_GET
@login_required
def exercise_detail(request: AuthenticatedHttpRequest, name: str) -> HttpResponse:
    return render_exercise(request, request.user, name)


def render_exercise(
    request: AuthenticatedHttpRequest, subject: User, name: str, *, member: User | None = None
) -> HttpResponse:
    """One exercise of `subject`'s, as for `render_dashboard`; 404 when they never logged it."""
    try:
        stat = ExerciseStat.objects.for_user(subject).get(exercise=name.lower())
    except ExerciseStat.DoesNotExist:
        raise Http404("No such exercise in this history.") from None

    def make() -> str:
        progress = selectors.exercise_progress(subject, stat.exercise, stat=stat)
        unit = request.user.weight_unit
        weeks = progress.weeks
        chart_list = [
            charts.chart(
                "best-weight",
                "Best set weight",
                unit,
                [(w["week"], kg_to_unit(w["best_weight_kg"], unit)) for w in weeks],
            ),
            charts.chart(
                "e1rm",
                "Estimated one-rep max (Epley)",
                unit,
                [(w["week"], kg_to_unit(w["best_e1rm_kg"], unit)) for w in weeks],
            ),
            charts.chart(
                "volume", "Volume", unit, [(w["week"], kg_to_unit(w["volume_kg"], unit)) for w in weeks], bars=True
            ),
        ]
        week_rows = charts.table_rows(
            (
                charts.day_label(w["week"]),
                format_weight(w["best_weight_kg"], unit),
                format_weight(w["best_e1rm_kg"], unit),
                str(w["sets"]),
                format_weight(w["volume_kg"], unit),
            )
            for w in weeks
        )
        context = {
            "progress": progress,
            "stat": stat,
            "charts": chart_list,
            "week_rows": week_rows,
            "unit": unit,
            "member": member,
        }
        return render_to_string("progress/_exercise_body.html", context, request=request)

    body = _body(request, "exercise", subject, member, make, stat.exercise)
    return render(request, "progress/exercise_detail.html", {"body": body, "stat": stat, "member": member})


@require_GET
@login_required
def search(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    valid = not form.is_bound or form.is_valid()

    def body() -> str:
        context: dict[str, object] = {"form": form}
        text = form.cleaned_data["q"].strip() if form.is_bound and valid else ""
        if text:
            sessions = selectors.session_search(
                request.user, text, date_from=form.cleaned_data["date_from"], date_to=form.cleaned_data["date_to"]
            )
            page = Paginator(sessions, PER_PAGE).get_page(request.GET.get("page"))
            for session in page:
                session.snippet = selectors.highlighted(session.headline)  # type: ignore[attr-defined]
            query = request.GET.copy()
            query.pop("page", None)
            context.update(
                {
                    "searched": text,
                    "page_obj": page,
                    "exercises": selectors.exercise_search(request.user, text),
                    "query": query.urlencode(),
                }
            )
        return render_to_string("progress/search.html#body", context, request=request)

    if not valid:
        messages.error(request, "Please correct the search below.")
        return render(request, "progress/search.html", {"body": body()}, status=422)
    # The page's body (its GET form holds no token) is a fragment kept under the member's data
    # version, for each search.
    version = data_version(request.user)
    content = cache.fragment(request, "search", version=version, vary_on=[request.get_full_path()], make=body)
    return render(request, "progress/search.html", {"body": content})


# --- Body weight -------------------------------------------------------------------------------


def _entry(request: AuthenticatedHttpRequest, pk: UUID) -> BodyWeight:
    return get_object_or_404(BodyWeight.objects.for_user(request.user), pk=pk)


def _log_page(
    request: AuthenticatedHttpRequest,
    form: BodyWeightForm,
    *,
    taken: BodyWeight | None = None,
    status: int = 200,
) -> HttpResponse:
    entries = BodyWeight.objects.for_user(request.user).order_by("-date")
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    context = {"form": form, "page_obj": page, "taken": taken, "query": ""}
    return render(request, "progress/body_weights.html", context, status=status)


def _day_taken(request: AuthenticatedHttpRequest, form: BodyWeightForm, taken: services.DayTaken) -> BodyWeight | None:
    """The form says the day has an entry; that entry, for the page to link to."""
    form.add_error("date", f"{taken} Edit that entry, or pick another day.")
    return BodyWeight.objects.for_user(request.user).filter(date=taken.date).first()


@require_GET
@login_required
def body_weights(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _log_page(request, BodyWeightForm(unit=request.user.weight_unit))


@require_POST
@login_required
@once_per_form
def body_weight_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = BodyWeightForm(request.POST, unit=request.user.weight_unit)
    taken = None
    if form.is_valid():
        try:
            entry = services.body_weight_create(user=request.user, **form.cleaned_data)
        except services.DayTaken as error:
            taken = _day_taken(request, form, error)
        else:
            messages.success(request, f"Body weight for {entry.date:%-d %B %Y} saved.")
            return redirect("progress:body_weights")
    return _log_page(request, form, taken=taken, status=422)


def _conflict(form: BodyWeightEditForm, current: BodyWeight, unit: str) -> Conflict:
    """What the member typed beside what is saved now, each weight in their unit."""
    typed = form.cleaned_data
    rows = [
        (form["date"].label, charts.day_label(typed["date"]), charts.day_label(current.date)),
        (
            form["weight_kg"].label,
            format_weight(typed["weight_kg"], unit, step=EQUIPMENT_STEP),
            format_weight(current.weight_kg, unit, step=EQUIPMENT_STEP),
        ),
        (form["note"].label, typed["note"], current.note),
    ]
    return Conflict(
        noun="entry",
        rows=[{"label": label, "yours": yours, "theirs": theirs} for label, yours, theirs in rows if yours != theirs],
    )


@require_http_methods(["GET", "POST"])
@login_required
@once_per_form
def body_weight_edit(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    entry = _entry(request, pk)
    unit = request.user.weight_unit
    initial = {"date": entry.date, "weight_kg": entry.weight_kg, "note": entry.note, "version": entry.version}
    form = BodyWeightEditForm(request.POST or None, unit=unit, initial=initial)
    context: dict[str, Any] = {"entry": entry, "form": form}
    if request.method == "POST" and form.is_valid():
        try:
            # A copy of its own: the service sets the typed values on it before it saves, and the
            # page still names the entry as it was should the save fail.
            services.body_weight_update(entry=_entry(request, pk), **form.cleaned_data)
        except StaleVersionError:
            current = _entry(request, pk)
            context["conflict"] = _conflict(form, current, unit)
            keep_typed_values(form, current)
            return render(request, "progress/body_weight_edit.html", context, status=409)
        except services.DayTaken as error:
            context["taken"] = _day_taken(request, form, error)
        else:
            messages.success(request, "Body weight saved.")
            return redirect("progress:body_weights")
    status = 422 if request.method == "POST" else 200
    return render(request, "progress/body_weight_edit.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def body_weight_delete(request: AuthenticatedHttpRequest, pk: UUID) -> HttpResponse:
    if request.method == "POST":
        # A deleted one too: the second of two clicks is answered as the first.
        entry = get_object_or_404(BodyWeight.all_objects.for_user(request.user), pk=pk)
        services.body_weight_soft_delete(entry=entry)
        messages.success(request, f"The body weight of {entry.date:%-d %B %Y} is deleted.")
        return redirect("progress:body_weights")
    return render(request, "progress/body_weight_delete.html", {"entry": _entry(request, pk)})
