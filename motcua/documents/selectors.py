from motcua.documents.models import StoreItem


def store_of(user):
    return StoreItem.objects.filter(owner=user).select_related("source_dossier").prefetch_related("reuses")
