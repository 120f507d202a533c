"""The campaign team's back office for programmes: programmes with their sessions, deliverables and
resources; registrations (confirm, waiting list); attendance; texts; the guide (order, generate, publish)."""

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from apps.core.exceptions import ServiceError

from . import services
from .models import (
    Attendance,
    Chapter,
    Comment,
    Deliverable,
    Guide,
    Post,
    Programme,
    Registration,
    Resource,
    SentReminder,
    Session,
    Submission,
    SubmissionVersion,
)


class SessionInline(admin.StackedInline):
    model = Session
    extra = 0
    fields = [
        ("title_nl", "title_en"),
        ("date", "start_time", "end_time"),
        "meeting_url",
        ("agenda_nl", "agenda_en"),
        ("materials_before_nl", "materials_before_en"),
        ("materials_after_nl", "materials_after_en"),
    ]
    show_change_link = True


class DeliverableInline(admin.StackedInline):
    model = Deliverable
    extra = 0
    fields = [("title_nl", "title_en"), ("instructions_nl", "instructions_en"), ("words_min", "words_max"), "deadline", "for_guide"]


class ResourceInline(admin.TabularInline):
    model = Resource
    extra = 0
    fields = ["kind", "title", "url", "description", "country", "session", "public"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields.get("session")
        if field is not None:
            field.queryset = Session.objects.filter(programme=obj) if obj else Session.objects.none()
        return formset


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 10, "cols": 80}))


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["title_nl", "eligibility", "capacity", "registration_opens", "registration_closes", "confirmed", "published", "public_link"]
    list_filter = ["eligibility", "published"]
    search_fields = ["title_nl", "title_en", "partners"]
    prepopulated_fields = {"slug": ["title_nl"]}
    inlines = [SessionInline, DeliverableInline, ResourceInline]
    actions = ["message_participants"]
    fieldsets = [
        (None, {"fields": ["title_nl", "title_en", "slug", "summary_nl", "summary_en", "description_nl", "description_en", "partners", "published"]}),
        (
            _("Registration"),
            {"fields": ["eligibility", "capacity", ("registration_opens", "registration_closes"), "focus_prompt_nl", "focus_prompt_en"]},
        ),
        (_("Coaching"), {"fields": ["coaches"]}),
    ]
    filter_horizontal = ["coaches"]

    def get_queryset(self, request):
        from django.db.models import Count, Q

        return super().get_queryset(request).annotate(confirmed_count=Count("registrations", filter=Q(registrations__status="confirmed")))

    @admin.display(description=_("confirmed"), ordering="confirmed_count")
    def confirmed(self, obj):
        return obj.confirmed_count

    @admin.display(description=_("public page"))
    def public_link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("view")) if obj.published else "—"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.reminders_schedule(programme=form.instance)

    @admin.action(description=_("Send a message to the participants"))
    def message_participants(self, request, queryset):
        """Write an update to the confirmed participants of one programme; it is sent (once per
        address, logged, with an unsubscribe link) by the updates app's background task."""
        if queryset.count() != 1:
            self.message_user(request, _("Choose one programme."), messages.WARNING)
            return None
        programme = queryset.first()
        form = MessageForm(request.POST if "send_message" in request.POST else None)
        if form.is_bound and form.is_valid():
            try:
                update = services.participants_message(programme=programme, by=request.user, **form.cleaned_data)
            except ServiceError as error:
                self.message_user(request, error.message, messages.ERROR)
                return None
            self.message_user(request, _("The message is being sent to the participants."), messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:updates_update_change", args=[update.pk]))
        from .selectors import participant_recipients

        return TemplateResponse(
            request,
            "programmes/admin/message.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Message to the participants"),
                "programme": programme,
                "form": form,
                "recipients": participant_recipients(programme.pk).count(),
                "opts": self.model._meta,
                "action": "message_participants",
            },
        )


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["registration", "present"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields.get("registration")
        if field is not None:
            field.queryset = (
                Registration.objects.filter(programme=obj.programme, status="confirmed").select_related("municipality", "participant", "programme")
                if obj
                else Registration.objects.none()
            )
        return formset


@admin.register(Session)
class SessionAdmin(SimpleHistoryAdmin):
    list_display = ["title_nl", "programme", "date", "start_time", "end_time"]
    list_filter = ["programme"]
    list_select_related = ["programme"]
    inlines = [AttendanceInline]
    actions = ["record_everyone_present"]

    @admin.action(description=_("Record all confirmed participants as present"))
    def record_everyone_present(self, request, queryset):
        count = 0
        for session in queryset:
            for registration in Registration.objects.filter(programme=session.programme_id, status="confirmed"):
                _obj, created = Attendance.objects.get_or_create(session=session, registration=registration)
                count += created
        self.message_user(request, ngettext("%(n)d attendance recorded.", "%(n)d attendances recorded.", count) % {"n": count}, messages.SUCCESS)


@admin.register(Registration)
class RegistrationAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "programme", "status", "created_at", "decided_at"]
    list_filter = ["status", "programme"]
    search_fields = ["municipality__display_name", "contact_email", "participant__full_name"]
    list_select_related = ["programme", "municipality", "participant"]
    raw_id_fields = ["municipality", "participant", "registered_by"]
    readonly_fields = ["decision", "status", "decided_at", "created_at"]
    actions = ["confirm", "waitlist", "cancel"]
    DECISIONS = {"confirm": services.registration_confirm, "waitlist": services.registration_waitlist, "cancel": services.registration_cancel}

    @admin.display(description=_("decision"))
    def decision(self, obj):
        """On the page the team's e-mail links to: confirm, waiting list or cancel, one click each."""
        if obj is None or obj.pk is None or obj.status == Registration.Status.CANCELLED:
            return "—"
        from django.utils.html import format_html_join

        url = reverse("admin:programmes_registration_decide", args=[obj.pk])
        buttons = [("confirm", _("Confirm (e-mail)")), ("waitlist", _("Waiting list (e-mail)")), ("cancel", _("Cancel (e-mail)"))]
        if obj.status == Registration.Status.CONFIRMED:
            buttons = buttons[1:]
        # buttons of the change form itself (no nested form), sent to the decision view
        return format_html_join(
            " ", '<button type="submit" class="button" formaction="{}" name="decision" value="{}">{}</button>', ((url, value, label) for value, label in buttons)
        )

    def get_urls(self):
        from django.urls import path

        return [path("<int:pk>/decide/", self.admin_site.admin_view(self.decide_view), name="programmes_registration_decide"), *super().get_urls()]

    def decide_view(self, request, pk):
        from django.core.exceptions import PermissionDenied
        from django.shortcuts import get_object_or_404

        if request.method != "POST" or not self.has_change_permission(request):
            raise PermissionDenied
        registration = get_object_or_404(Registration.objects.select_related("programme", "municipality"), pk=pk)
        function = self.DECISIONS.get(request.POST.get("decision", ""))
        if function is None:
            raise PermissionDenied
        try:
            function(registration=registration)
        except ServiceError as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            registration.refresh_from_db()
            self.message_user(request, _("%(registration)s: %(status)s.") % {"registration": registration, "status": registration.get_status_display()}, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:programmes_registration_change", args=[pk]))

    def _apply(self, request, queryset, function, done):
        count = 0
        for registration in queryset.select_related("programme", "municipality"):
            try:
                function(registration=registration)
                count += 1
            except ServiceError as error:
                self.message_user(request, f"{registration}: {error.message}", messages.ERROR)
        if count:
            self.message_user(request, done % {"n": count}, messages.SUCCESS)

    @admin.action(description=_("Confirm the selected registrations (e-mail to the municipality)"))
    def confirm(self, request, queryset):
        self._apply(request, queryset, services.registration_confirm, _("%(n)d registration(s) confirmed."))

    @admin.action(description=_("Place the selected registrations on the waiting list (e-mail)"))
    def waitlist(self, request, queryset):
        self._apply(request, queryset, services.registration_waitlist, _("%(n)d registration(s) placed on the waiting list."))

    @admin.action(description=_("Cancel the selected registrations (e-mail)"))
    def cancel(self, request, queryset):
        self._apply(request, queryset, services.registration_cancel, _("%(n)d registration(s) cancelled."))


class VersionInline(admin.TabularInline):
    model = SubmissionVersion
    extra = 0
    can_delete = False
    fields = ["number", "title", "word_count", "late", "submitted_by", "submitted_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class CommentInline(admin.TabularInline):
    model = Comment
    extra = 0
    can_delete = False
    fields = ["created_at", "version", "paragraph", "kind", "body", "author"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "registration", "deliverable", "status", "version", "late", "updated_at"]
    list_filter = ["status", "late", "deliverable__programme"]
    list_select_related = ["registration__municipality", "registration__programme", "deliverable"]
    readonly_fields = ["deliverable", "registration", "status", "version", "late", "submitted_at", "accepted_at"]
    fields = ["deliverable", "registration", "status", "version", "late", "submitted_at", "accepted_at", "title", "text", "title_en", "text_en"]
    inlines = [VersionInline, CommentInline]
    actions = ["reopen"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Unlock accepted texts for a correction"))
    def reopen(self, request, queryset):
        for submission in queryset:
            services.submission_reopen(submission=submission)


class ChapterInline(admin.TabularInline):
    model = Chapter
    extra = 0
    fields = ["order", "submission", "municipality"]
    readonly_fields = ["municipality"]

    @admin.display(description=_("municipality"))
    def municipality(self, chapter):
        return chapter.submission.registration.municipality.display_name if chapter.pk else "—"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields.get("submission")
        if field is not None:
            field.queryset = (
                Submission.objects.filter(deliverable__programme=obj.programme, status="accepted").select_related("registration__municipality")
                if obj
                else Submission.objects.none()
            )
        return formset

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("submission__registration__municipality")


@admin.register(Guide)
class GuideAdmin(SimpleHistoryAdmin):
    change_form_template = "programmes/admin/guide_change_form.html"
    list_display = ["title_nl", "programme", "status", "pages_nl", "pages_en", "generated_at", "published"]
    list_filter = ["status", "published"]
    list_select_related = ["programme"]
    readonly_fields = ["status", "generated_at", "pages_nl", "pages_en", "error", "files", "published_on"]
    fields = [
        "programme",
        "title_nl",
        "title_en",
        "subtitle_nl",
        "subtitle_en",
        "intro_nl",
        "intro_en",
        "status",
        "generated_at",
        "pages_nl",
        "pages_en",
        "files",
        "error",
        "published",
        "published_on",
    ]
    inlines = [ChapterInline]
    actions = ["generate"]

    @admin.display(description=_("files"))
    def files(self, guide):
        links = [(guide.pdf_nl.url, _("PDF (Dutch)"))] if guide.pdf_nl else []
        if guide.pdf_en:
            links.append((guide.pdf_en.url, _("PDF (English)")))
        if not links:
            return "—"
        return format_html(" · ".join('<a href="{}">{}</a>' for _link in links), *[part for link in links for part in link])

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "programme"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        published_changed = "published" in form.changed_data
        want_published = obj.published
        if published_changed and want_published and obj.status != Guide.Status.READY:
            obj.published = False
            self.message_user(request, _("Generate the guide first; it can be published when the PDF is ready."), messages.ERROR)
        super().save_model(request, obj, form, change)
        if not change:
            services.guide_sync_chapters(guide=obj)
        if published_changed and obj.status == Guide.Status.READY:
            services.guide_publish(guide=obj, published=want_published)

    def response_change(self, request, obj):
        if "_generate" in request.POST:
            self._generate(request, obj)
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if "_generate" in request.POST:
            self._generate(request, obj)
            return HttpResponseRedirect(reverse("admin:programmes_guide_change", args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)

    def _generate(self, request, guide):
        added = services.guide_sync_chapters(guide=guide)
        if added:
            self.message_user(request, ngettext("%(n)d new chapter added.", "%(n)d new chapters added.", added) % {"n": added}, messages.INFO)
        if services.guide_generate(guide=guide):
            self.message_user(request, _("The guide is being generated; the PDF appears here when it is ready."), messages.SUCCESS)
        else:
            self.message_user(request, _("The guide is already being generated."), messages.WARNING)

    @admin.action(description=_("Generate the PDF of the selected guides again"))
    def generate(self, request, queryset):
        for guide in queryset:
            self._generate(request, guide)


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["session", "kind", "municipality", "author", "created_at"]
    list_filter = ["kind", "session__programme"]
    list_select_related = ["session", "municipality", "author"]


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    list_display = ["kind", "target_id", "registration", "sent_at"]
    list_filter = ["kind"]
    list_select_related = ["registration__municipality", "registration__programme"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
