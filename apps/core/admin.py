"""The back office's admin site, and success messages with the right article per model.

Django's admin writes "The {name} “{obj}” was changed successfully."; Dutch translates it with one
article ("De ..."), which is wrong for the het-words ("Het praktijkvoorbeeld", "Het bezoek").
Every model of the back office has a definite name (article and verbose name, translated as a whole:
"the practice example" → "het praktijkvoorbeeld") in ``DEFINITE_NAMES`` or as ``definite_name`` on
its ModelAdmin; ``DefiniteNameMessagesMixin`` builds the add/change/delete messages from it. The site
applies the mixin to every ModelAdmin registered on it, so no app can forget it.
"""

from functools import partial
from urllib.parse import quote as urlquote

from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import display_for_value, quote
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# model label (lower case) → its name with the definite article; the translation carries the article
DEFINITE_NAMES = {
    "auth.group": gettext_lazy("the group"),
    "django_tasks_database.dbtaskresult": gettext_lazy("the task result"),
    "axes.accessattempt": gettext_lazy("the login attempt"),
    "axes.accesslog": gettext_lazy("the login record"),
    "axes.accessfailurelog": gettext_lazy("the failed login"),
    "otp_totp.totpdevice": gettext_lazy("the TOTP device"),
    "otp_static.staticdevice": gettext_lazy("the set of back-up codes"),
    "accounts.user": gettext_lazy("the user"),
    "accounts.invitation": gettext_lazy("the invitation"),
    "accounts.accessgrant": gettext_lazy("the read access for a coach or juror"),
    "goals.goal": gettext_lazy("the goal"),
    "goals.target": gettext_lazy("the target"),
    "municipalities.municipality": gettext_lazy("the municipality"),
    "municipalities.reorganisation": gettext_lazy("the municipal reorganisation"),
    "membership.application": gettext_lazy("the application"),
    "membership.membership": gettext_lazy("the membership"),
    "branding.artworkset": gettext_lazy("the set of logo and banners"),
    "menukaart.category": gettext_lazy("the category"),
    "menukaart.actionformat": gettext_lazy("the action format"),
    "menukaart.activity": gettext_lazy("the activity"),
    "menukaart.practiceexample": gettext_lazy("the practice example"),
    "menukaart.awardcategory": gettext_lazy("the award category"),
    "menukaart.awardround": gettext_lazy("the award round"),
    "menukaart.entry": gettext_lazy("the entry"),
    "menukaart.score": gettext_lazy("the score"),
    "policyscan.document": gettext_lazy("the policy document"),
    "policyscan.scan": gettext_lazy("the scan"),
    "policyscan.passagegoal": gettext_lazy("the goal in a passage"),
    "programmes.programme": gettext_lazy("the programme"),
    "programmes.session": gettext_lazy("the session"),
    "programmes.registration": gettext_lazy("the registration"),
    "programmes.submission": gettext_lazy("the text"),
    "programmes.guide": gettext_lazy("the guide"),
    "programmes.post": gettext_lazy("the contribution to a session"),
    "programmes.sentreminder": gettext_lazy("the sent reminder"),
    "tijdscapsule.capsule": gettext_lazy("the capsule"),
    "tijdscapsule.visit": gettext_lazy("the visit"),
    "tijdscapsule.wish": gettext_lazy("the wish"),
    "tijdscapsule.blockedday": gettext_lazy("the blocked day"),
    "tijdscapsule.booklet": gettext_lazy("the booklet"),
    "monitor.indicator": gettext_lazy("the indicator"),
    "monitor.adoptedindicator": gettext_lazy("the chosen indicator"),
    "monitor.value": gettext_lazy("the value"),
    "monitor.referencevalue": gettext_lazy("the reference value"),
    "monitor.upload": gettext_lazy("the upload"),
    "monitor.review": gettext_lazy("the Voluntary Local Review"),
    "monitor.opendataset": gettext_lazy("the open dataset"),
    "monitor.openvalue": gettext_lazy("the open value"),
    "monitor.hiddenopenindicator": gettext_lazy("the hidden open indicator"),
    "budget.taakveld": gettext_lazy("the taakveld"),
    "budget.budget": gettext_lazy("the budget"),
    "budget.taggingevent": gettext_lazy("the change to the budget"),
    "budget.budgetimport": gettext_lazy("the budget import"),
    "budget.bulkload": gettext_lazy("the bulk load"),
    "privacy.processingactivity": gettext_lazy("the processing activity"),
    "privacy.dataexport": gettext_lazy("the data export"),
    "support.supportrequest": gettext_lazy("the support request"),
    "knowledge.topic": gettext_lazy("the topic"),
    "knowledge.article": gettext_lazy("the knowledge article"),
    "knowledge.page": gettext_lazy("the page"),
    "youngchallengers.youngchallenger": gettext_lazy("the YoungChallenger"),
    "youngchallengers.challenge": gettext_lazy("the challenge"),
    "youngchallengers.nomination": gettext_lazy("the nomination"),
    "youngchallengers.post": gettext_lazy("the network post"),
    "youngchallengers.report": gettext_lazy("the report"),
    "updates.update": gettext_lazy("the update"),
    "updates.delivery": gettext_lazy("the delivery"),
    "updates.optout": gettext_lazy("the opted-out address"),
}


class DefiniteNameMessagesMixin:
    """Add/change/delete success messages that start with the model's definite name
    ("Het praktijkvoorbeeld “Klimaatweek” is gewijzigd."). Set ``definite_name`` on a ModelAdmin
    to override the entry in ``DEFINITE_NAMES``."""

    definite_name = None

    def get_definite_name(self):
        name = self.definite_name or DEFINITE_NAMES.get(self.opts.label_lower)
        return str(name) if name else None

    def _object_link(self, request, obj, *, on_change_page):
        display = display_for_value(str(obj), "-")
        if on_change_page:
            return format_html('<a href="{}">{}</a>', urlquote(request.path), display)
        if not self.has_change_permission(request, obj):
            return display
        url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=(quote(obj.pk),), current_app=self.admin_site.name)
        return format_html('<a href="{}">{}</a>', urlquote(url), display)

    def _definite_message(self, request, obj, action):
        """The success message for ``action`` ("add", "change"), following Django's save buttons."""
        name = self.get_definite_name()
        if name is None or IS_POPUP_VAR in request.POST:
            return None
        values = {"the_name": capfirst(name), "name": self.opts.verbose_name}
        if action == "add" or "_saveasnew" in request.POST:
            values["obj"] = self._object_link(request, obj, on_change_page=False)
            message = _("{the_name} “{obj}” was added successfully.")
        else:
            values["obj"] = self._object_link(request, obj, on_change_page=True)
            message = _("{the_name} “{obj}” was changed successfully.")
        if "_continue" in request.POST or "_saveasnew" in request.POST:
            message += " " + _("You may edit it again below.")
        elif "_addanother" in request.POST:
            message += " " + _("You may add another {name} below.")
        return format_html(message, **values)

    def _django_messages(self, request, obj) -> set[str]:
        """The success messages Django's admin writes after saving ``obj`` (in its own words, from
        its own catalogue): only these are replaced, never a message of the app's own."""
        translate = _  # a variable: these msgids are Django's, not this catalogue's
        objects = {
            display_for_value(str(obj), "-"),
            self._object_link(request, obj, on_change_page=False),
            self._object_link(request, obj, on_change_page=True),
        }
        added = translate("The {name} “{obj}” was added successfully.")
        patterns = [
            added,
            added + " " + translate("You may edit it again below."),
            translate("The {name} “{obj}” was added successfully. You may add another {name} below."),
            translate("The {name} “{obj}” was changed successfully."),
            translate("The {name} “{obj}” was changed successfully. You may edit it again below."),
            translate("The {name} “{obj}” was changed successfully. You may add another {name} below."),
        ]
        return {str(format_html(pattern, name=self.opts.verbose_name, obj=o)) for pattern in patterns for o in objects}

    def _expect(self, request, django_messages, replacement):
        request._definite_message = (django_messages, replacement) if replacement is not None else None

    def response_add(self, request, obj, post_url_continue=None):
        self._expect(request, self._django_messages(request, obj), self._definite_message(request, obj, "add"))
        try:
            return super().response_add(request, obj, post_url_continue)
        finally:
            request._definite_message = None

    def response_change(self, request, obj):
        self._expect(request, self._django_messages(request, obj), self._definite_message(request, obj, "change"))
        try:
            return super().response_change(request, obj)
        finally:
            request._definite_message = None

    def response_delete(self, request, obj_display, obj_id):
        name = self.get_definite_name()
        if name is not None:
            display = display_for_value(str(obj_display), "-")
            translate = _
            django_message = translate("The %(name)s “%(obj)s” was deleted successfully.") % {"name": self.opts.verbose_name, "obj": display}
            ours = _("{the_name} “{obj}” was deleted successfully.").format(the_name=capfirst(name), obj=display)
            self._expect(request, {django_message}, ours)
        try:
            return super().response_delete(request, obj_display, obj_id)
        finally:
            request._definite_message = None

    def message_user(self, request, message, level=messages.INFO, extra_tags="", fail_silently=False):
        expected = getattr(request, "_definite_message", None)
        if expected is not None and level == messages.SUCCESS and str(message) in expected[0]:
            message, request._definite_message = expected[1], None
        return super().message_user(request, message, level, extra_tags, fail_silently)


# Names the team reads in the back office for the libraries' apps and models, whose own names are
# technical English ("OTP_TOTP", "Tasks database backend", "Task Results"). Changing the libraries'
# model options would make migrations for them, so the site renames them where it lists them.
LIBRARY_APP_NAMES = {
    "axes": gettext_lazy("Login protection"),
    "otp_totp": gettext_lazy("Two-step verification: apps"),
    "otp_static": gettext_lazy("Two-step verification: back-up codes"),
    "django_tasks_database": gettext_lazy("Background tasks"),
}
LIBRARY_MODEL_NAMES = {
    "otp_totp.totpdevice": gettext_lazy("Linked authenticator apps"),
    "otp_static.staticdevice": gettext_lazy("Sets of back-up codes"),
    "django_tasks_database.dbtaskresult": gettext_lazy("Task results"),
}


class PlatformAdminSite(admin.AdminSite):
    site_header = gettext_lazy("Global Goals Gemeenten — back office")
    site_title = gettext_lazy("Back office")
    index_title = gettext_lazy("Campaign team")
    # The navigation sidebar lists every app and model on every page: ~130 reverse() calls and
    # most of the CPU of a changelist (bench/README.md). The index page lists the same links.
    enable_nav_sidebar = False

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, DefiniteNameMessagesMixin):
            admin_class = type(admin_class.__name__, (DefiniteNameMessagesMixin, admin_class), {"__module__": admin_class.__module__})
        return super().register(model_or_iterable, admin_class, **options)

    def each_context(self, request):
        # Django builds ``available_apps`` (the whole app list: a permission check and two
        # reverse() per model) on every admin page for the navigation sidebar alone. With the
        # sidebar off it is built only if a template reads it.
        request._platform_admin_lazy_app_list = True
        try:
            return super().each_context(request)
        finally:
            del request._platform_admin_lazy_app_list

    def get_app_list(self, request, app_label=None):
        if not self.enable_nav_sidebar and getattr(request, "_platform_admin_lazy_app_list", False):
            return SimpleLazyObject(partial(self._named_app_list, request, app_label))
        return self._named_app_list(request, app_label)

    def _named_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        for app in app_list:
            app["name"] = LIBRARY_APP_NAMES.get(app["app_label"], app["name"])
            for model in app["models"]:
                label = f"{app['app_label']}.{model['object_name'].lower()}"
                model["name"] = LIBRARY_MODEL_NAMES.get(label, model["name"])
        return app_list
