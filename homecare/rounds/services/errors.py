from homecare.core.errors import DomainError


class RoundsError(DomainError):
    """A rounds operation that cannot be done, with a message for the person who asked."""
