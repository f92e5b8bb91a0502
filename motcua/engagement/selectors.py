"""Reading ratings: the reports per agency, counter and officer."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Avg, Count, Q, QuerySet

from motcua.engagement.models import CRITERIA, Rating

if TYPE_CHECKING:
    from motcua.accounts.models import User
    from motcua.units.models import Agency, Counter


def report(agencies: Iterable[Agency], start: date, end: date, *, by: str = "agency") -> list[dict]:
    """Ratings in [start, end] (dates) grouped by agency, counter or officer: how many, the mean
    overall score, the share satisfied (4 or 5) and the mean of each criterion."""
    keys = {
        "agency": ["agency__name"],
        "counter": ["agency__name", "counter__number", "counter__name"],
        "officer": ["agency__name", "officer__full_name"],
    }[by]
    rows = (
        Rating.objects.filter(agency__in=agencies, created_at__date__gte=start, created_at__date__lte=end)
        .values(*keys)
        .annotate(
            count=Count("pk"),
            avg_overall=Avg("overall"),
            satisfied=Count("pk", filter=Q(overall__gte=4)),
            **{f"avg_{name}": Avg(name) for name, _ in CRITERIA},
        )
        .order_by(*keys)
    )
    out = []
    for row in rows:
        label = {
            "agency": row["agency__name"],
            "counter": f"Quầy {row.get('counter__number')} – {row.get('counter__name')}"
            if row.get("counter__number")
            else "Trực tuyến",
            "officer": row.get("officer__full_name") or "(không xác định)",
        }[by]
        out.append(
            {
                "label": label,
                "agency": row["agency__name"],
                "count": row["count"],
                "overall": round(row["avg_overall"], 2),
                "satisfied_share": round(100 * row["satisfied"] / row["count"], 1),
                "criteria": {
                    name: round(row[f"avg_{name}"], 2) if row[f"avg_{name}"] is not None else None
                    for name, _ in CRITERIA
                },
            }
        )
    return out


def counters_for(user: User) -> QuerySet[Counter]:
    """The counters of the agencies a person works in, with who is on duty at each."""
    from django.db.models import Prefetch

    from motcua.engagement.models import Duty
    from motcua.units.models import Counter

    return (
        Counter.objects.filter(agency__memberships__user=user, is_active=True)
        .distinct()
        .select_related("agency")
        .prefetch_related(
            Prefetch(
                "duties",
                queryset=Duty.objects.filter(ended_at__isnull=True).select_related("officer"),
                to_attr="current",
            )
        )
        .order_by("agency__name", "number")
    )
