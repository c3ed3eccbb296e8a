"""Page-number pagination with the count, shared by every list."""

from __future__ import annotations

import math

from django.db.models import QuerySet

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def paginate(queryset: QuerySet, page: int, page_size: int) -> tuple[dict, QuerySet]:
    """The page header ({count, page, page_size, pages}) and the slice of rows for it."""
    count = queryset.count()
    pages = max(1, math.ceil(count / page_size))
    start = (page - 1) * page_size
    return {"count": count, "page": page, "page_size": page_size, "pages": pages}, queryset[
        start : start + page_size
    ]
