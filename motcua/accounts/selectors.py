"""Reading accounts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from motcua.accounts.models import Role, User

if TYPE_CHECKING:
    from motcua.units.models import Agency


def officers(agency: Agency, *roles: str) -> QuerySet[User]:
    """The active people holding any of ``roles`` at ``agency`` (who is told of what happens there)."""
    return User.objects.filter(memberships__agency=agency, memberships__role__in=roles, is_active=True).distinct()


def managed_agencies(user: User) -> QuerySet[Agency]:
    """The agencies whose reports a person may read: every agency for the city's management and
    system admins, otherwise those where they lead or administer."""
    from motcua.units.models import Agency

    if user.memberships.filter(role__in=[Role.CITY_MANAGEMENT, Role.SYSTEM_ADMIN]).exists():
        return Agency.objects.filter(is_active=True).order_by("name")
    return (
        Agency.objects.filter(memberships__user=user, memberships__role__in=[Role.LEADER, Role.AGENCY_ADMIN])
        .distinct()
        .order_by("name")
    )


def sees_the_city(user: User | AnonymousUser) -> bool:
    return (
        user.is_authenticated and user.memberships.filter(role__in=[Role.CITY_MANAGEMENT, Role.SYSTEM_ADMIN]).exists()
    )
