"""Reading accounts."""

from motcua.accounts.models import User


def officers(agency, *roles):
    """The active people holding any of ``roles`` at ``agency`` (who is told of what happens there)."""
    return User.objects.filter(memberships__agency=agency, memberships__role__in=roles, is_active=True).distinct()
