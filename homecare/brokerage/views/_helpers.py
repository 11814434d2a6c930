from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.forms import Form


def add_errors(form: Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: field errors beside fields, others at the top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def post_or_none(request: Any) -> Any:
    return request.POST if request.method == "POST" else None
