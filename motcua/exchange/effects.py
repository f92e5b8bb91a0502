"""The national portal hears of the dossier's moves: every change of state, the submission (so a
dossier submitted here becomes known there) and a new appointment after an apology."""

from motcua.dossiers import lifecycle
from motcua.exchange import services


@lifecycle.subscribe("exchange.portal")
def portal(change: lifecycle.Change) -> None:
    if change.event is None:
        return
    if change.from_status != change.to_status or change.action in ("submit", "apology"):
        services.queue_status(change.event, change.dossier)
