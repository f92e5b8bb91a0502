from django.core.exceptions import ValidationError


def apply_errors(form, error: ValidationError, rename: dict | None = None) -> None:
    """Shows a service's ValidationError on the form: beside the field it names, or on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, messages in error.message_dict.items():
        name = (rename or {}).get(name, name)
        form.add_error(name if name in form.fields else None, messages)


class PlainLabels:
    """Labels without Django's trailing colon: screen readers and tests read the label as written.
    Required fields are marked with a red asterisk drawn by CSS, outside the label's text."""

    required_css_class = "is-required"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def error_text(error: Exception) -> str:
    """A refusal raised by a service (ValidationError or PermissionDenied) as one line for the page."""
    return " ".join(getattr(error, "messages", None) or [str(error)])
