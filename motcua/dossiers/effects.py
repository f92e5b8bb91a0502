"""The applicant (and the agent who submitted for them) hear of the moves the table says they
should (``Transition.tells``), with the values the service gave (registered in
DossiersConfig.ready)."""

from motcua.dossiers import lifecycle, services


@lifecycle.subscribe("dossiers.applicant")
def applicant(change: lifecycle.Change) -> None:
    event = change.transition.tells
    if event:
        what = change.tell_as or event.removeprefix("dossier.")
        services.tell_applicant(change.dossier, what, event, **change.tell)
