"""Every move of a dossier marks the months it counts in as stale (the tallies are counted again
by the worker after the commit)."""

from motcua.dossiers import lifecycle
from motcua.indicators import services


@lifecycle.subscribe("indicators.marks")
def marks(change: lifecycle.Change) -> None:
    if change.event is not None:
        services.mark_dossier(change.dossier.pk)
