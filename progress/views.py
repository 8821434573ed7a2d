from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from accounts.models import User
from gymtracker import cache
from gymtracker.cache import cached_page
from gymtracker.http import AuthenticatedHttpRequest
from gymtracker.units import format_weight, kg_to_unit
from progress import charts, selectors
from progress.forms import SearchForm
from progress.models import ExerciseStat

PER_PAGE = 20


@require_GET
@login_required
@cached_page
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render_dashboard(request, request.user)


def _key(request: AuthenticatedHttpRequest, page: str, subject: User, member: User | None) -> tuple[object, ...]:
    """Everything a cached progress page part depends on besides its own arguments: whose data
    at which version, today's date and the time zone (the reader's), the reader's unit, and
    whether a coach reads it (links, and the member's name in the text)."""
    version = selectors.freshness(subject)
    reader = f"coach:{member.username}" if member else "own"
    zone = timezone.get_current_timezone_name()
    return (page, subject.pk, version, timezone.localdate(), zone, request.user.weight_unit, reader)


def _body(
    request: AuthenticatedHttpRequest,
    page: str,
    subject: User,
    member: User | None,
    make: Callable[[], str],
    *extra: str,
) -> str:
    """A progress page's body below its heading. A coach's view keeps it under the member's data
    version (`gymtracker.cache`); a member's own page is kept whole by `cached_page` instead."""
    text = make() if member is None else cache.get_or_make((*_key(request, page, subject, member), *extra), make)
    return mark_safe(text)  # noqa: S308  # nosec B308 B703 - our own rendered template


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
        context = {
            "board": board,
            "unit": unit,
            "volume_chart": volume_chart,
            "heat_map": heat_map,
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
@cached_page
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
        context = {"progress": progress, "stat": stat, "charts": chart_list, "unit": unit, "member": member}
        return render_to_string("progress/_exercise_body.html", context, request=request)

    body = _body(request, "exercise", subject, member, make, stat.exercise)
    return render(request, "progress/exercise_detail.html", {"body": body, "stat": stat, "member": member})


@require_GET
@login_required
@cached_page
def search(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    context: dict[str, object] = {"form": form}
    status = 200
    if form.is_bound and not form.is_valid():
        status = 422
        messages.error(request, "Please correct the search below.")
    elif form.is_bound and form.cleaned_data["q"].strip():
        text = form.cleaned_data["q"].strip()
        sessions = selectors.session_search(
            request.user, text, date_from=form.cleaned_data["date_from"], date_to=form.cleaned_data["date_to"]
        )
        page = Paginator(sessions, PER_PAGE).get_page(request.GET.get("page"))
        for session in page:
            session.snippet = selectors.highlighted(session.headline)
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
    return render(request, "progress/search.html", context, status=status)
