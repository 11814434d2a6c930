from django.core.exceptions import ValidationError


class RoundsError(ValidationError):
    """A rounds operation that cannot be done, with a message for the person who asked."""
