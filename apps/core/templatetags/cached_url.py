"""Django's ``{% url %}`` tag, with argument-less URLs memoised per process.

Loaded as a template builtin (``TEMPLATES[...]["OPTIONS"]["builtins"]``), so it replaces the default
``url`` tag in every template. The base layout alone names some 25 fixed URLs (navigation, footer,
language and account links); each ``reverse()`` walks the resolver, about 20-40 µs, on every page.
A URL without arguments only changes with the language (``i18n_patterns``), the script prefix,
the URLconf and the ``current_app`` namespace, which are the key. With arguments the tag behaves as
Django's. The memo is emptied when a setting changes (tests' ``override_settings``)."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()


@lru_cache(maxsize=4096)
def _reverse(view_name: str, current_app, language, prefix: str, urlconf) -> str:
    return reverse(view_name, current_app=current_app)


def _clear(**kwargs):
    _reverse.cache_clear()


setting_changed.connect(_clear, dispatch_uid="cached_url_clear")


class CachedURLNode(URLNode):
    def render(self, context):
        if self.args or self.kwargs:
            return super().render(context)
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = _reverse(view_name, current_app, get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        except TypeError:  # an unhashable view name or namespace: no memo
            return super().render(context)
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = django_url(parser, token)
    return CachedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
