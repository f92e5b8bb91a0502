from django import template

register = template.Library()


@register.filter
def so(value):
    """A whole number the Vietnamese way: 1747 → "1.747"."""
    try:
        return f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return value
