"""Password rules with messages in the platform's own catalogue (Django 6.1 reworded its
minimum-length message and its Dutch catalogue does not have the new wording yet)."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def _message(self):
        return ngettext(
            "This password is too short: use at least %(min_length)d character.",
            "This password is too short: use at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(self._message(), code="password_too_short")

    def get_error_message(self):
        return self._message()

    def get_help_text(self):
        return ngettext(
            "Your password must contain at least %(min_length)d character.",
            "Your password must contain at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
