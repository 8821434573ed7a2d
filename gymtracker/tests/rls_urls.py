"""Views that exist only to test how requests reach the database under row-level security."""

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.template.response import TemplateResponse
from django.urls import path

from accounts.models import User
from gymtracker import urls as site_urls
from plans.models import WorkoutPlan

LIST = engines["django"].from_string("{% for plan in plans %}[{{ plan.name }}]{% endfor %}")


def signed_in(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def lazy_plans(request: HttpRequest) -> TemplateResponse:
    # The queryset is evaluated while the template renders, after the view has returned.
    return TemplateResponse(request, LIST, {"plans": WorkoutPlan.objects.order_by("name")})


def plans_after_a_rolled_back_savepoint(request: HttpRequest) -> HttpResponse:
    try:
        with transaction.atomic():
            WorkoutPlan.objects.create(user=signed_in(request), name="")  # violates a CHECK
    except IntegrityError:
        pass
    names = "".join(f"[{name}]" for name in WorkoutPlan.objects.order_by("name").values_list("name", flat=True))
    return HttpResponse(names)


def raw_setting(request: HttpRequest) -> HttpResponse:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('app.user_id', true), current_setting('app.staff', true)")
        user_id, staff = cursor.fetchone()
    return HttpResponse(f"{user_id or ''}|{staff or ''}")


def failing_write(request: HttpRequest) -> HttpResponse:
    WorkoutPlan.objects.create(user=signed_in(request), name="Written before the error")
    raise RuntimeError("the view fails after writing")


urlpatterns = [
    path("lazy-plans", lazy_plans),
    path("savepoint", plans_after_a_rolled_back_savepoint),
    path("setting", raw_setting),
    path("failing-write", failing_write),
    # The site's own URLs too: error pages link to them.
    *site_urls.urlpatterns,
]
