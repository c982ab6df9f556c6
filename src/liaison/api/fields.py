"""Serializer fields shared by the API's endpoints."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


@extend_schema_field(
    {
        "type": "object",
        "properties": {code: {"type": "string"} for code in LANGUAGE_CODES},
        "example": {"en": "Chengdu", "zh-hans": "成都", "ja": "成都"},
    }
)
class I18nTextField(serializers.Field):
    """A multilingual text: ``{"en": ..., "zh-hans": ..., "ja": ...}`` (missing languages
    omitted). A plain string is accepted on input as the English text."""

    default_error_messages = {
        "invalid": _('Give an object of texts by language code, e.g. {"en": "..."}.'),
        "language": _("Unknown language code: %(code)s."),
    }

    def to_representation(self, value):
        data = getattr(value, "data", value)
        if isinstance(data, dict):
            return {code: text for code, text in data.items() if text}
        return {"en": data} if data else {}

    def to_internal_value(self, data):
        if isinstance(data, str):
            return {"en": data.strip()}
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            # not self.fail(): the message's example braces are no format fields
            raise serializers.ValidationError(self.error_messages["invalid"], code="invalid")
        for code in data:
            if code not in LANGUAGE_CODES:
                raise serializers.ValidationError(self.error_messages["language"] % {"code": code})
        return {code: text.strip() for code, text in data.items() if text and text.strip()}


@extend_schema_field(OpenApiTypes.STR)
class LanguageField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=LANGUAGE_CODES, **kwargs)
