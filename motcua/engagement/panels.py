"""The rating form on the applicant's dossier page, once the dossier has its result
(registered in EngagementConfig.ready: dossiers imports nothing of engagement)."""

from motcua.dossiers import panels
from motcua.engagement.forms import RatingForm


def applicant(request, dossier, can):
    return {"rating": getattr(dossier, "rating", None), "rating_form": RatingForm() if "rate" in can else None}


def register():
    panels.APPLICANT.append(applicant)
