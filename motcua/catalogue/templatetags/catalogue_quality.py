"""The record-quality counts on the admin's front page (templates/admin/catalogue/index.html)."""

from django import template
from django.urls import reverse

from motcua.catalogue import quality, selectors

register = template.Library()


def _counts() -> dict:
    report = quality.catalogue_report()
    figures = quality.totals(report.rows)
    return {
        "procedures": figures.procedures,
        "blocked": figures.blocked,
        "full": figures.full,
        "full_due_date": figures.full_due_date,
        "problems": [
            (kind.code, kind.label, kind.blocking, count) for kind, count in quality.problem_counts(report.rows)
        ],
    }


@register.inclusion_tag("admin/catalogue/_quality_counts.html")
def quality_counts() -> dict:
    """The counts per problem of the published procedures, each linking to the procedures' list
    filtered by it, kept per catalogue revision."""
    counts = selectors.cached("quality-counts", "published", _counts)
    changelist = reverse("admin:catalogue_procedure_changelist")
    return {
        **counts,
        "rows": [
            {
                "label": label,
                "blocking": blocking,
                "count": count,
                "url": f"{changelist}?status__exact=published&problem={code}",
            }
            for code, label, blocking, count in counts["problems"]
        ],
        "blocked_url": f"{changelist}?status__exact=published&problem=blocking",
        "report_url": reverse("catalogue:quality"),
    }
