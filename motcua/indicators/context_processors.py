from django.utils.functional import SimpleLazyObject

from motcua.accounts.selectors import managed_agencies


def reports(request):
    """Whether the header offers the indicators' dashboard (leaders, agency admins, the city)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"reads_indicators": SimpleLazyObject(lambda: managed_agencies(user).exists())}
