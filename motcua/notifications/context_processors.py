from motcua.notifications.models import Message


def notices(request):
    """How many notices the signed-in person has not read (the header shows it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notices": Message.objects.filter(user=user, channel="app", read_at__isnull=True).count()}
