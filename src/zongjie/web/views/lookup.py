"""The unit search behind the pickers: at most 20 units, always inside the user's scope."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zongjie.web import units


@login_required
@require_GET
def unit_lookup(request: HttpRequest) -> HttpResponse:
    """Units matching `q` (or the picker's own field, as htmx sends it): <option>s for htmx, else JSON."""
    get = request.GET
    q = get.get("q") or get.get("unit") or get.get("parent") or ""
    found = units.lookup(request.user, get.get("scope") or "read", q)
    if request.headers.get("HX-Request"):
        return render(request, "web/_unit_options.html", {"units": found})
    return JsonResponse({"results": [{"code": u.code, "name": u.name, "path": u.path} for u in found]})
