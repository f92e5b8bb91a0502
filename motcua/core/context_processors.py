from django.conf import settings


def site(request):
    # Not "site": Django's auth views put their own Site object under that name.
    return {"portal": settings.MOTCUA_SITE}
