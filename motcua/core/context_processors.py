from django.conf import settings


def site(request):
    # Not "site": Django's auth views put their own Site object under that name.
    return {"portal": settings.MOTCUA_SITE}


def notices(request):
    """How many notices the signed-in person has not read (the header shows it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from motcua.notifications.models import Message

    return {"unread_notices": Message.objects.filter(user=user, channel="app", read_at__isnull=True).count()}


def reports(request):
    """Whether the header offers the indicators' dashboard (leaders, agency admins, the city)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from django.utils.functional import SimpleLazyObject

    from motcua.accounts.selectors import managed_agencies

    return {"reads_indicators": SimpleLazyObject(lambda: managed_agencies(user).exists())}
