"""GOV.UK Design System form rendering for Django forms.

Forms inherit `GovukForm` (or `GovukModelForm`); `{{ form }}` then renders each field with its
label, hint, error message and the right GOV.UK classes, and the base template shows the error
summary at the top of the page whenever the page's `form` has errors.

Every field also gets the input rules shared by every channel (`homecare.core.text`): text fields
refuse NUL, unpaired surrogates, control characters (tab and line breaks only in a textarea) and
over-long values; dates lie between 1900 and 2100; whole numbers and decimals have bounds a
database column can hold; an uploaded file may not be larger than the UPLOAD_MAX_MB setting.
"""

from __future__ import annotations

import sys
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms.renderers import TemplatesSetting

from homecare.core.errors import as_domain_error
from homecare.core.text import MAX_INT, MIN_INT, DateRangeValidator, TextValidator

WIDGET_CLASSES: list[tuple[type[forms.Widget], str]] = [
    (forms.CheckboxSelectMultiple, "govuk-checkboxes__input"),
    (forms.RadioSelect, "govuk-radios__input"),
    (forms.CheckboxInput, "govuk-checkboxes__input"),
    (forms.Textarea, "govuk-textarea"),
    (forms.Select, "govuk-select"),
    (forms.ClearableFileInput, "govuk-file-upload"),
    (forms.FileInput, "govuk-file-upload"),
    (forms.widgets.Input, "govuk-input"),
]


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"


def add_input_rules(field: forms.Field) -> None:
    """Give a form field the input rules every channel shares (see the module docstring)."""
    rules: list[Any] = []
    if isinstance(field, forms.CharField):
        rules.append(
            TextValidator(
                multiline=isinstance(field.widget, forms.Textarea),
                # a field with its own max_length already says so in Django's words
                max_length=sys.maxsize if field.max_length else None,
            )
        )
    elif isinstance(field, forms.DateField | forms.DateTimeField):
        rules.append(DateRangeValidator())
    elif isinstance(field, forms.IntegerField | forms.DecimalField):
        bound = MAX_INT if isinstance(field, forms.IntegerField) else 10**12
        if field.max_value is None:
            rules.append(MaxValueValidator(bound))
        if field.min_value is None:
            rules.append(MinValueValidator(MIN_INT if isinstance(field, forms.IntegerField) else -bound))
    elif isinstance(field, forms.FileField):
        rules.append(_check_file_size)
    field.validators.extend(rule for rule in rules if rule not in field.validators)


def _check_file_size(upload: Any) -> None:
    limit = float(getattr(settings, "UPLOAD_MAX_MB", 20))
    size = getattr(upload, "size", None) or 0
    if size > limit * 1024 * 1024:
        raise ValidationError(
            f"The file is {size / 1024 / 1024:.1f} MB; it must be smaller than {limit:g} MB", code="file_size"
        )


def widget_kind(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "input"


class GovukFormMixin:
    """Adds GOV.UK classes and ARIA links between each input, its hint and its error."""

    fields: dict[str, forms.Field]
    errors: Any
    prefix: str | None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            add_input_rules(field)
            for widget_type, css in WIDGET_CLASSES:
                if isinstance(field.widget, widget_type):
                    extra = field.widget.attrs.get("class", "")
                    field.widget.attrs["class"] = f"{css} {extra}".strip()
                    break
            field.widget.kind = widget_kind(field.widget)
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self.add_prefix(name)}-hint"  # type: ignore[attr-defined]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            described = [d for d in widget.attrs.get("aria-describedby", "").split() if d]
            error_id = f"{self.add_prefix(name)}-error"  # type: ignore[attr-defined]
            if error_id not in described:
                described.append(error_id)
            widget.attrs["aria-describedby"] = " ".join(described)
            css = widget.attrs.get("class", "")
            for base in ("govuk-input", "govuk-select", "govuk-textarea", "govuk-file-upload"):
                if base in css.split() and f"{base}--error" not in css:
                    widget.attrs["class"] = f"{css} {base}--error"


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"class": "govuk-input--width-10", **(attrs or {})}, format="%Y-%m-%d")


def show_error(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's domain error on a GOV.UK form: each field's message on its field (and so in
    the error summary), everything else at the top of the summary. The one way errors reach a page."""
    for name, messages in as_domain_error(exc).field_messages().items():
        form.add_error(name if name in form.fields else None, messages)
