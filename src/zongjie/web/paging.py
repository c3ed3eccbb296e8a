"""What a page shows of a long ranking: the top and bottom in the charts, the table a page at a time.

The dashboard's data (web.insight) covers every unit below the scope; at a province's
scale that is thousands of rows. The page draws the first and last `EDGE` of the ranking
and pages its tables (`RANK_PAGE` rows), so its HTML stays small whatever the scope.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator

EDGE = 10
RANK_PAGE = 50
QUOTA_ROWS = 30


def edges(n: int, edge: int = EDGE) -> list[int]:
    """Indices of the first and last `edge` of n rows (all of them when there are few)."""
    if n <= 2 * edge:
        return list(range(n))
    return [*range(edge), *range(n - edge, n)]


def window_dashboard(data: dict[str, Any], page: str | None) -> dict[str, Any]:
    """The dashboard's data cut to what one page shows; adds `rank_page` and `ranking_note`."""
    rows = data["ranking_rows"]
    keep = edges(len(rows))
    ranking = data["ranking"]
    data["ranking"] = {key: [values[i] for i in keep] for key, values in ranking.items()}
    level = data["by_level"]
    level["units"] = [level["units"][i] for i in keep]
    for series in level["series"]:
        series["data"] = [series["data"][i] for i in keep]
    data["ranking_note"] = (
        f"共 {len(rows)} 个单位，图中为前 {EDGE} 名和后 {EDGE} 名；全部名次见下表（分页）。"
        if len(keep) < len(rows)
        else ""
    )
    data["rank_page"] = Paginator(rows, RANK_PAGE).get_page(page)
    done = data["completeness"]
    done_rows = done["rows"]
    # the chart shows the units furthest behind; the table pages through all of them
    done["chart_rows"] = sorted(done_rows, key=lambda r: (r["percent"], r["unit"]))[: 2 * EDGE]
    done["rows_page"] = Paginator(done_rows, RANK_PAGE).get_page(page)
    done["note"] = f"图中为报送比例最低的 {2 * EDGE} 个单位。" if len(done_rows) > 2 * EDGE else ""
    quotas = data["quotas"]
    if len(quotas) > QUOTA_ROWS:
        data["quotas_more"] = len(quotas) - QUOTA_ROWS
        data["quotas"] = quotas[:QUOTA_ROWS]
        chart = data["quota_chart"]
        data["quota_chart"] = {key: values[:QUOTA_ROWS] for key, values in chart.items()}
        data["quota_chart_height"] = max(320, 60 + 28 * QUOTA_ROWS)
    return data


def ranking_edges(blocks: list[dict] | None) -> list[dict] | None:
    """The home page's rankings: top and bottom of each, with how many were left out."""
    if not blocks:
        return blocks
    for block in blocks:
        rows = block["rows"]
        keep = edges(len(rows))
        block["total"] = len(rows)
        block["rows"] = [rows[i] for i in keep]
        block["gap_after"] = EDGE if len(keep) < len(rows) else None
    return blocks
