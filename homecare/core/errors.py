"""The one domain error type. Services raise it when a rule refuses an operation; its message is for
the person who asked. It is a message, or a dict of field name -> message. One helper puts it on a
GOV.UK form (`homecare.core.forms.show_error`); one API handler turns it into a 422 naming the field.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError


class DomainError(ValidationError):
    """A business rule refused the operation; the message (or each field's message) says why."""

    def field_messages(self) -> dict[str | None, list[str]]:
        """{field or None: [messages]}; None holds messages that belong to no one field."""
        if hasattr(self, "error_dict"):
            return {
                (None if name == "__all__" else name): list(messages)
                for name, messages in self.message_dict.items()
            }
        return {None: list(self.messages)}


def as_domain_error(exc: ValidationError) -> DomainError:
    """A Django ValidationError (from `full_clean`, say) as the domain error type."""
    if isinstance(exc, DomainError):
        return exc
    if hasattr(exc, "error_dict"):
        return DomainError(exc.message_dict)
    return DomainError(exc.messages)
