"""An entry's evidence file, to whoever may see the entry (out of scope: 404, like the entry).

The page session or an API token (`Authorization: Bearer …`) may call it, so the URL the API
gives for an entry's evidence works for both. `?inline=1` asks for the preview (pictures and
PDFs whose content passes the checks); everything else is a download.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from zongjie.api.tokens import user_for_token
from zongjie.ledger.evidence import download_name
from zongjie.security.serving import stored_file_response
from zongjie.web.views.entries import visible_entry


def _caller(request: HttpRequest):
    if request.user.is_authenticated and request.user.is_active:
        return request.user
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        user = user_for_token(token.strip())
        if user is not None:
            request.user = user
            return user
    return None


@require_GET
def entry_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    if _caller(request) is None:
        if "Authorization" in request.headers:
            return JsonResponse({"detail": "令牌无效或已撤销。"}, status=401)
        return redirect_to_login(request.get_full_path())
    entry = visible_entry(request, pk)
    if not entry.evidence_file:
        raise Http404("该条目没有上传佐证材料。")
    return stored_file_response(
        entry.evidence_file, download_name=download_name(entry), inline=request.GET.get("inline") == "1"
    )
