"""Django's ``{% url %}`` tag, with its URLs memoised per process.

Loaded as a template builtin (``TEMPLATES[...]["OPTIONS"]["builtins"]``), so it replaces the default
``url`` tag in every template. The base layout alone names some 25 fixed URLs (navigation, footer,
language and account links); each ``reverse()`` walks the resolver, about 20-40 µs, on every page.
Tables add one or two per row (``{% url 'x' municipality.slug row.pk %}``). ``reverse()`` is a pure
function of the view name, the arguments, the language (``i18n_patterns``), the script prefix, the
URLconf and the ``current_app`` namespace, which are the key; arguments are memoised only when each
is a plain ``str`` or ``int`` (anything else, e.g. a model instance, is reversed as by Django's tag).
The memo (LRU, 4096 entries) is emptied when a setting changes (tests' ``override_settings``)."""

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
def _reverse(view_name: str, args: tuple, kwargs: tuple, current_app, language, prefix: str, urlconf) -> str:
    return reverse(view_name, args=args, kwargs=dict(kwargs), current_app=current_app)


def _plain(value) -> bool:
    return type(value) is int or isinstance(value, str)


def _clear(**kwargs):
    _reverse.cache_clear()


setting_changed.connect(_clear, dispatch_uid="cached_url_clear")


class CachedURLNode(URLNode):
    def render(self, context):
        args = tuple(arg.resolve(context) for arg in self.args)
        kwargs = tuple((k, v.resolve(context)) for k, v in self.kwargs.items())
        if not all(_plain(a) for a in args) or not all(_plain(v) for _k, v in kwargs):
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
            url = _reverse(view_name, args, kwargs, current_app, get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
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
