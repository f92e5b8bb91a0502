from django.core.exceptions import ValidationError


def apply_errors(form, error: ValidationError, rename: dict | None = None) -> None:
    """Shows a service's ValidationError on the form: beside the field it names, or on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, messages in error.message_dict.items():
        name = (rename or {}).get(name, name)
        form.add_error(name if name in form.fields else None, messages)
