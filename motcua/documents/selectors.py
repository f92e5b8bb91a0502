from django.db.models import QuerySet

from motcua.accounts.models import User
from motcua.documents.models import StoreItem


def store_of(user: User) -> QuerySet[StoreItem]:
    return StoreItem.objects.filter(owner=user).select_related("source_dossier").prefetch_related("reuses")
