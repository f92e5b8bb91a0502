"""Reading e-forms and pre-filling them from what the system already knows ("only once")."""

from motcua.catalogue.models import Procedure
from motcua.eforms.engine import FormSpec
from motcua.eforms.models import EForm


def current_form(procedure: Procedure) -> EForm | None:
    return EForm.objects.filter(procedure=procedure, is_current=True).first()


def prefill(spec: FormSpec, profile: dict, remembered: dict) -> tuple[dict, set[str]]:
    """Initial values for a new form: the profile first (fields that name a ``prefill`` source),
    then what the person typed in earlier dossiers under the same field name. Returns the
    values and the names that were filled, so the page can ask to confirm them."""
    values = {}
    for name, field in spec.fields.items():
        value = profile.get(field.prefill) if field.prefill else None
        if value in (None, ""):
            value = remembered.get(name)
        if value not in (None, ""):
            values[name] = value
    return values, set(values)
