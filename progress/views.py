from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET

from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from accounts.selectors import data_version
from gymtracker import cache
from gymtracker.units import format_weight, kg_to_unit
from progress import charts, selectors
from progress.forms import SearchForm
from progress.models import ExerciseStat

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
        context = {
            "board": board,
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
