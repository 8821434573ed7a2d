"""Taking a member's history out. Always the signed-in member's own: no URL names a member, so a
coach or anyone else cannot ask for another's."""

from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from accounts.http import AuthenticatedHttpRequest
from imports import export


def _download(pieces: Iterator[str], *, content_type: str, name: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(pieces, content_type=content_type)
    # (A username may hold letters beyond ASCII: the header then carries the name encoded.)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return response


@login_required
@require_GET
def export_csv(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    user = request.user
    return _download(export.csv_stream(user), content_type="text/csv; charset=utf-8", name=export.filename(user, "csv"))


@login_required
@require_GET
def export_json(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    user = request.user
    return _download(
        export.json_stream(user), content_type="application/json; charset=utf-8", name=export.filename(user, "json")
    )
