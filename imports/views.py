"""Bringing a member's history in (upload, preview, import, undo) and taking it out (the
exports). Always the signed-in member's own: no URL names a member, so a coach or anyone else
cannot reach another's."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from gymtracker import rls
from imports import export
from imports.forms import PreviewForm, UploadForm
from imports.models import Import, ImportStatus
from imports.parsed import FileRefused
from imports.preview import Preview, exercise_names, import_preview, import_read
from imports.services import (
    ImportTooLarge,
    import_discard,
    import_restore,
    import_run,
    import_undo,
    import_upload,
    progress_key,
)
from plans.models import Exercise


def _owner(request: HttpRequest) -> User:
    """Whose history: the signed-in member's, or (`?member=<id>`) that of a member their coach
    acts for, with the member's consent (rls.act_for_member); anyone else's is a 404."""
    member_id = request.GET.get("member")
    if not member_id:
        return request.user  # type: ignore[return-value]
    try:
        member = uuid.UUID(member_id)
        with transaction.atomic():
            rls.act_for_member(member)
    except (ValueError, DatabaseError) as refused:
        raise Http404("No such member.") from refused
    return get_object_or_404(User, pk=member)


def _for(owner: User, request: HttpRequest) -> str:
    """The query the import's links carry when a coach acts for the member."""
    return "" if owner.pk == request.user.pk else "?" + urlencode({"member": owner.pk})


def _redirect(name: str, owner: User, request: HttpRequest, *args: Any) -> HttpResponse:
    return HttpResponseRedirect(reverse(name, args=args) + _for(owner, request))


def _import(request: HttpRequest, pk: uuid.UUID) -> tuple[Import, User]:
    owner = _owner(request)
    # The file (up to 20 MB) is read only where it is parsed (import_read), not at every poll.
    return get_object_or_404(Import.objects.for_user(owner).defer("content"), pk=pk), owner


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest) -> HttpResponse:
    """Upload an export file; its preview follows, before anything is imported."""
    owner = _owner(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                imp = import_upload(
                    user=owner,
                    by=request.user,  # type: ignore[arg-type]
                    file=upload,
                    file_name=upload.name,
                    size=upload.size,
                )
            except ImportTooLarge as refused:
                form.add_error("file", refused.message)
                status = 413
            except FileRefused as refused:
                form.add_error("file", str(refused))
                status = 400
            else:
                return _redirect("imports:preview", owner, request, imp.pk)
        else:
            status = 400
    imports = Import.objects.for_user(owner).defer("content").select_related("created_by")[:20]
    context = {"form": form, "imports": imports} | _context(owner, request)
    return render(request, "imports/start.html", context, status=status)


def _context(owner: User, request: HttpRequest) -> dict[str, Any]:
    """What every import page shows of whose history it is: `member` when a coach acts for them."""
    return {"member": None if owner.pk == request.user.pk else owner, "for_member": _for(owner, request)}


def _preview_page(
    request: HttpRequest, imp: Import, owner: User, data: dict[str, str] | None, *, status: int = 200
) -> HttpResponse:
    """The preview with the choices in `data` (the form sent back), or the suggested ones."""
    try:
        parsed = import_read(imp)
    except FileRefused as refused:
        messages.error(request, str(refused))
        return _redirect("imports:start", owner, request)
    form = PreviewForm(data, names=exercise_names(parsed))
    chosen = data is not None and form.is_valid()
    preview = import_preview(
        imp,
        parsed=parsed,
        unit=form.cleaned_data["unit"] if chosen else None,
        zone=form.cleaned_data["time_zone"] if chosen else None,
        choices=form.choices() if chosen else None,
    )
    if data is None:
        form.show(preview)
    return _render_preview(request, imp, owner, preview, form, status=status)


def _render_preview(
    request: HttpRequest, imp: Import, owner: User, preview: Preview, form: PreviewForm, *, status: int
) -> HttpResponse:
    names = Exercise.objects.available_to(owner).order_by("name").values_list("name", flat=True)
    context = _context(owner, request) | {
        "imp": imp,
        "preview": preview,
        "form": form,
        "rows": form.mapping_rows(preview),
        "exercise_names": names,
    }
    return render(request, "imports/preview.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def import_preview_page(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """What the import would do: found, skipped, already here, the unit, the zone and the
    exercise of each name, each changeable. "Update the preview" posts the choices back here,
    which shows them and writes nothing; the import itself is `import_confirm`."""
    imp, owner = _import(request, pk)
    if imp.status != ImportStatus.PREVIEWED:
        return _redirect("imports:detail", owner, request, imp.pk)
    return _preview_page(request, imp, owner, request.POST.dict() if request.method == "POST" else None)


@login_required
@require_POST
def import_confirm(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Import with the choices the preview showed; the preview again, with what is missing, if
    it cannot be (400), and nothing written."""
    imp, owner = _import(request, pk)
    if imp.status != ImportStatus.PREVIEWED:
        return _redirect("imports:detail", owner, request, imp.pk)
    try:
        parsed = import_read(imp)
    except FileRefused as refused:
        messages.error(request, str(refused))
        return _redirect("imports:start", owner, request)
    form = PreviewForm(request.POST, names=exercise_names(parsed))
    if not form.is_valid():
        return _preview_page(request, imp, owner, request.POST.dict(), status=400)
    unit, zone, choices = form.cleaned_data["unit"] or None, form.cleaned_data["time_zone"], form.choices()
    if parsed.unit is None and unit is None:
        form.add_error("unit", "Choose the unit: the file does not say whether its weights are kg or lb.")
        preview = import_preview(imp, parsed=parsed, zone=zone, choices=choices)
        return _render_preview(request, imp, owner, preview, form, status=400)
    try:
        outcome = import_run(imp, by=request.user, unit=unit, zone=zone, choices=choices, parsed=parsed)  # type: ignore[arg-type]
    except FileRefused as refused:
        form.add_error(None, str(refused))
        preview = import_preview(imp, parsed=parsed, unit=unit, zone=zone, choices=choices)
        return _render_preview(request, imp, owner, preview, form, status=400)
    messages.success(
        request,
        f"Imported {outcome.sessions_created:,} workouts and {outcome.sets_created:,} sets"
        + (f"; {outcome.sessions_already_present:,} were here already." if outcome.sessions_already_present else "."),
    )
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"url": reverse("imports:detail", args=[imp.pk]) + _for(owner, request)})
    return _redirect("imports:detail", owner, request, imp.pk)


@login_required
@require_GET
def import_progress(request: HttpRequest, pk: uuid.UUID) -> JsonResponse:
    """How far a running import is (the preview page polls it while its form is sent)."""
    imp, _ = _import(request, pk)
    found = cache.get(progress_key(imp)) or {"done": 0.0, "stage": "Starting"}
    if imp.status != ImportStatus.PREVIEWED:
        found = {"done": 1.0, "stage": "Done"}
    return JsonResponse(found)


@login_required
@require_GET
def import_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    imp, owner = _import(request, pk)
    if imp.status == ImportStatus.PREVIEWED:
        return _redirect("imports:preview", owner, request, imp.pk)
    return render(request, "imports/detail.html", {"imp": imp} | _context(owner, request))


@login_required
@require_POST
def import_discard_view(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Forget a previewed upload, the file with it."""
    imp, owner = _import(request, pk)
    if not import_discard(imp):
        return _redirect("imports:detail", owner, request, imp.pk)
    messages.success(request, f"Discarded {imp.file_name}: nothing of it was imported.")
    return _redirect("imports:start", owner, request)


@login_required
@require_POST
def import_undo_view(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    imp, owner = _import(request, pk)
    count = import_undo(imp, by=request.user)  # type: ignore[arg-type]
    if count:
        messages.success(request, f"Moved the {count:,} imported workouts to the trash. You can restore them here.")
    return _redirect("imports:detail", owner, request, imp.pk)


@login_required
@require_POST
def import_restore_view(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    imp, owner = _import(request, pk)
    count = import_restore(imp, by=request.user)  # type: ignore[arg-type]
    if count:
        messages.success(request, f"Restored the {count:,} imported workouts.")
    return _redirect("imports:detail", owner, request, imp.pk)


# --- Taking it out ---------------------------------------------------------------------------------


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
