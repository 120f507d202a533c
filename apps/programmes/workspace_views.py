"""Programmes in a municipality's workspace: register, the participant's programme page, sessions
with shared posts, texts with versions and coaching, calendars."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from apps.core import permissions
from apps.core.exceptions import ServiceError
from apps.core.permissions import MunicipalityPermissionRequired, Perm

from . import selectors, services
from .forms import CommentForm, FocusForm, PostForm, RegistrationForm, ReviewForm, SubmissionForm
from .models import Attendance, Deliverable, Programme, Registration, Session, Submission


class ProgrammeMixin(MunicipalityPermissionRequired):
    """A programme's pages in a workspace: for the municipality's people and the team, and for the
    coaches assigned to this programme or participant, who see only this programme (not the workspace)."""

    permission = Perm.VIEW_WORKSPACE
    # Writes in a programme (registering, a participant's text, a coach's comment or review) follow the
    # programme's object rules in apps.core.permissions (may_register, may_edit_participation, may_comment,
    # may_review), which each view's post asks before anything else: 403 when they say no.
    write_permission = None

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and user.role == "coach" and self.permission == Perm.VIEW_WORKSPACE:
            registration = (
                Registration.objects.filter(
                    programme__slug=kwargs.get("programme"), municipality__slug=kwargs.get("slug"), municipality__membership__isnull=False
                )
                .filter(Q(coach=user) | Q(programme__coaches=user))
                .select_related("municipality__membership", "programme")
                .first()
            )
            if registration is not None and permissions.may_coach(user, registration):
                self.municipality = registration.municipality
                return super(MunicipalityPermissionRequired, self).dispatch(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def get_programme(self) -> Programme:
        if not hasattr(self, "_programme"):
            programme = get_object_or_404(Programme, slug=self.kwargs["programme"])
            if not permissions.may_view_programme(self.request.user, programme, self.municipality):
                raise Http404  # an unpublished programme does not exist for anyone else
            self._programme = programme
        return self._programme

    def get_registration(self) -> Registration | None:
        if not hasattr(self, "_registration"):
            self._registration = selectors.registration_of(programme=self.get_programme(), municipality=self.municipality, user=self.request.user)
        return self._registration

    def participant_registration(self) -> Registration:
        """The confirmed registration, or 404: only participants (and their coach, the team) see this."""
        registration = self.get_registration()
        if not permissions.may_view_participation(self.request.user, registration):
            raise Http404
        return registration

    def require(self, allowed: bool) -> None:
        """A write the permission module refused: 403 before anything changes."""
        if not allowed:
            raise PermissionDenied

    def programme_url(self):
        return reverse("programmes_workspace:programme", kwargs={"slug": self.municipality.slug, "programme": self.get_programme().slug})

    def get_context_data(self, **kwargs):
        user = self.request.user
        kwargs.pop("programme", None)  # the URL's slug; the object is given below
        return super().get_context_data(
            programme=self.get_programme(),
            acts_for=permissions.may_edit_participation(user, self.get_registration()),
            is_coach=permissions.may_review(user, self.get_registration()),
            **kwargs,
        )


def _countdown(deliverable: Deliverable, today) -> dict:
    days = (deliverable.deadline - today).days
    return {"days": abs(days), "overdue": days < 0, "today": days == 0}


class IndexView(MunicipalityPermissionRequired, TemplateView):
    permission = Perm.VIEW_WORKSPACE
    template_name = "programmes/workspace/index.html"

    def get_context_data(self, **kwargs):
        registrations = Registration.objects.filter(municipality=self.municipality).select_related("programme", "participant").order_by("-created_at")
        taken = {r.programme_id for r in registrations}
        today = timezone.localdate()
        open_programmes = [p for p in selectors.public_programmes() if p.pk not in taken and selectors.phase(p, today) == selectors.Phase.OPEN]
        return super().get_context_data(registrations=registrations, open_programmes=open_programmes, **kwargs)


class RegisterView(ProgrammeMixin, TemplateView):
    template_name = "programmes/workspace/register.html"

    def get_context_data(self, **kwargs):
        programme = self.get_programme()
        reason = None
        try:
            services.registration_check(programme=programme, municipality=self.municipality, user=self.request.user)
        except ServiceError as error:
            reason = error.message
        registration = self.get_registration()
        if "form" not in kwargs:
            kwargs["form"] = RegistrationForm(programme=programme, initial={"contact_email": self.request.user.email})
        return super().get_context_data(
            reason=reason, registration=registration if registration and registration.status != Registration.Status.CANCELLED else None, **kwargs
        )

    def post(self, request, *args, **kwargs):
        programme = self.get_programme()
        self.require(permissions.may_register(request.user, programme, self.municipality))
        form = RegistrationForm(request.POST, programme=programme)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            registration = services.registration_create(programme=programme, municipality=self.municipality, user=request.user, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, error.message)
            return self.render_to_response(self.get_context_data(form=form))
        if registration.status == Registration.Status.WAITLISTED:
            messages.warning(
                request, _("The programme is full: you are on the waiting list. We will let you know by e-mail when a place becomes free.")
            )
        else:
            messages.success(request, _("Your registration has been received. The campaign team will confirm it by e-mail."))
        return redirect(self.programme_url())


class ProgrammeView(ProgrammeMixin, TemplateView):
    template_name = "programmes/workspace/programme.html"

    def get_context_data(self, **kwargs):
        programme = self.get_programme()
        registration = self.get_registration()
        context = {"registration": registration, "phase": selectors.phase_label(selectors.phase(programme))}
        if registration and registration.status == Registration.Status.CONFIRMED:
            today = timezone.localdate()
            sessions = list(programme.sessions.all())
            present = dict(Attendance.objects.filter(registration=registration).values_list("session_id", "present"))
            for session in sessions:
                session.attended = present.get(session.pk)
            submissions = {
                s.deliverable_id: s
                for s in Submission.objects.filter(registration=registration).annotate(
                    comment_count=Count("comments", filter=~Q(comments__body=""))  # on a paragraph or on the whole text
                )
            }
            deliverables = list(programme.deliverables.all())
            for deliverable in deliverables:
                deliverable.submission = submissions.get(deliverable.pk)
                deliverable.countdown = _countdown(deliverable, today)
            context.update(
                sessions=sessions,
                deliverables=deliverables,
                resources=programme.resources.select_related("session"),
                focus_form=FocusForm(initial={"focus": registration.focus}),
                attended=sum(1 for s in sessions if s.attended),
                feed_url=self.request.build_absolute_uri(
                    reverse("programmes:secret_feed", kwargs={"token": services.feed_for(user=self.request.user, registration=registration).token})
                ),
            )
        return super().get_context_data(**context, **kwargs)


class FocusView(ProgrammeMixin, View):
    permission = Perm.EDIT_DATA

    def post(self, request, *args, **kwargs):
        registration = self.participant_registration()
        self.require(permissions.may_edit_participation(request.user, registration))
        try:
            services.registration_set_focus(registration=registration, user=request.user, focus=request.POST.get("focus", ""))
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your focus has been saved."))
        return redirect(self.programme_url())


class FeedView(ProgrammeMixin, View):
    def get(self, request, *args, **kwargs):
        self.participant_registration()
        programme = self.get_programme()
        response = HttpResponse(services.ical_programme(programme, with_link=True), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{programme.slug}.ics"'
        return response


class FeedRenewView(ProgrammeMixin, View):
    """Make a new secret calendar address (the old one stops working)."""

    def post(self, request, *args, **kwargs):
        registration = self.participant_registration()  # may_view_participation: one's own calendar address
        services.feed_renew(user=request.user, registration=registration)
        messages.success(request, _("You have a new calendar address; the old one no longer works. Subscribe again with the new one."))
        return redirect(self.programme_url())


class SessionIcsView(ProgrammeMixin, View):
    def get(self, request, *args, **kwargs):
        self.participant_registration()
        session = get_object_or_404(Session.objects.select_related("programme"), pk=kwargs["pk"], programme=self.get_programme())
        response = HttpResponse(services.ical_session(session, with_link=True), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{session.programme.slug}-{session.date:%Y-%m-%d}.ics"'
        return response


class SessionView(ProgrammeMixin, TemplateView):
    """A session's shared page: agenda, materials, resources and the participants' posts."""

    template_name = "programmes/workspace/session.html"

    def get_session(self):
        return get_object_or_404(Session, pk=self.kwargs["pk"], programme=self.get_programme())

    def get_context_data(self, **kwargs):
        registration = self.participant_registration()
        session = self.get_session()
        return super().get_context_data(
            registration=registration,
            session=session,
            posts=session.posts.select_related("author", "municipality"),
            resources=session.resources.all(),
            form=kwargs.pop("form", None) or PostForm(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        registration = self.participant_registration()
        session = self.get_session()
        self.require(permissions.may_comment(request.user, registration))
        form = PostForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            services.post_create(session=session, registration=registration, user=request.user, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, error.message)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("Your post has been added."))
        return redirect(
            reverse("programmes_workspace:session", kwargs={"slug": self.municipality.slug, "programme": self.get_programme().slug, "pk": session.pk})
        )


class DeliverableMixin(ProgrammeMixin):
    def get_deliverable(self):
        return get_object_or_404(Deliverable, pk=self.kwargs["pk"], programme=self.get_programme())

    def get_submission(self):
        if not hasattr(self, "_submission"):
            registration = self.participant_registration()
            deliverable = self.get_deliverable()
            if permissions.may_edit_participation(self.request.user, registration):
                self._submission = services.submission_for(deliverable=deliverable, registration=registration)
            else:
                self._submission = Submission.objects.filter(deliverable=deliverable, registration=registration).first()
        return self._submission


class DeliverableView(DeliverableMixin, TemplateView):
    """Write the text (drafts, versions, word count), send it in; the coach comments and reviews."""

    template_name = "programmes/workspace/deliverable.html"

    def get_context_data(self, **kwargs):
        deliverable = self.get_deliverable()
        submission = self.get_submission()
        versions = list(submission.versions.all()) if submission else []
        current = next((v for v in versions if submission and v.number == submission.version), None)
        comments = list(submission.comments.select_related("author")) if submission else []
        paragraphs = current.paragraphs() if current else []
        by_paragraph = {}
        for comment in comments:
            if comment.paragraph:
                by_paragraph.setdefault(comment.paragraph, []).append(comment)
        if "form" not in kwargs and submission is not None:
            kwargs["form"] = SubmissionForm(instance=submission)
        if submission is not None and submission.editable and self.request.GET.get("lengte"):
            # the confirmation step after "Save and send in" outside the guideline (the draft is saved)
            kwargs.setdefault("length_warning", selectors.length_advice(deliverable, submission.word_count))
        return super().get_context_data(
            deliverable=deliverable,
            submission=submission,
            versions=versions,
            current=current,
            numbered=[(i, p, by_paragraph.get(i, [])) for i, p in enumerate(paragraphs, start=1)],
            # the whole conversation, comments on a paragraph included (they count, and link to it)
            thread=comments,
            comment_count=sum(1 for c in comments if c.body),
            paragraph_comment_count=sum(1 for c in comments if c.paragraph and c.body),
            comment_form=CommentForm(paragraphs=len(paragraphs)),
            review_form=ReviewForm(initial={"version": submission.version if submission else 0}),
            countdown=_countdown(deliverable, timezone.localdate()),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        submission = self.get_submission()
        self.require(submission is not None and permissions.may_edit_participation(request.user, submission.registration))
        form = SubmissionForm(request.POST, instance=Submission.objects.get(pk=submission.pk))
        if not submission.editable:
            messages.error(
                request,
                _("This text has been accepted and can no longer be changed. Ask the campaign team if something must still be corrected.")
                if submission.status == Submission.Status.ACCEPTED
                else _("Version %(n)s is with the coach. You can change the text again when they ask for changes.") % {"n": submission.version},
            )
            return redirect(request.path)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            submission = services.submission_save(submission=submission, user=request.user, data=form.cleaned_data)
            sending = "submit" in request.POST or "submit_anyway" in request.POST
            if sending and "submit_anyway" not in request.POST and selectors.length_advice(submission.deliverable, submission.word_count):
                # outside the word-count guideline: ask first (the draft is saved, nothing typed is lost)
                messages.warning(request, _("Your draft has been saved, but not sent in yet: check its length first."))
                return redirect(f"{request.path}?lengte=1#length-warning")
            if sending:
                version = services.submission_submit(submission=submission, user=request.user)
                if version.late:
                    messages.warning(request, _("Version %(n)s has been sent in after the deadline; it is marked as late.") % {"n": version.number})
                else:
                    coaches = [c.full_name or c.email for c in services.coaches_of(submission.registration)]
                    if coaches:  # never promise a coach who does not exist
                        messages.success(
                            request,
                            _("Version %(n)s has been sent in. Your coach %(names)s will read it.")
                            % {"n": version.number, "names": ", ".join(coaches)},
                        )
                    else:
                        messages.success(request, _("Version %(n)s has been sent in. The campaign team will read it.") % {"n": version.number})
            else:
                messages.success(request, _("Your draft has been saved. Nothing has been sent in yet."))
        except ServiceError as error:
            form.add_error(None, error.message)
            return self.render_to_response(self.get_context_data(form=form))
        return redirect(request.path)


class VersionView(DeliverableMixin, TemplateView):
    """One version as it was sent in, and what changed against another version (an inline diff)."""

    template_name = "programmes/workspace/version.html"

    def get_context_data(self, **kwargs):
        deliverable = self.get_deliverable()
        submission = self.get_submission()
        versions = list(submission.versions.select_related("submitted_by")) if submission else []
        by_number = {v.number: v for v in versions}
        version = by_number.get(self.kwargs["number"])
        if version is None:
            raise Http404
        try:
            other_number = int(self.request.GET.get("vergelijk") or version.number - 1)
        except ValueError:
            other_number = version.number - 1
        other = by_number.get(other_number) if other_number != version.number else None
        diff = None
        if other is not None:
            older, newer = sorted((other, version), key=lambda v: v.number)
            diff = {
                "older": older,
                "newer": newer,
                "title_changed": older.title != newer.title,
                "paragraphs": selectors.text_diff(older.text, newer.text),
            }
        return super().get_context_data(
            deliverable=deliverable, submission=submission, versions=versions, version=version, other=other, diff=diff, **kwargs
        )


class CommentView(DeliverableMixin, View):
    def post(self, request, *args, **kwargs):
        submission = self.get_submission()
        self.require(permissions.may_comment(request.user, self.participant_registration()))
        form = CommentForm(request.POST, paragraphs=1000)
        try:
            if submission is None or not form.is_valid():
                raise ServiceError(_("Write a comment first."))
            services.submission_comment(
                submission=submission, user=request.user, body=form.cleaned_data["body"], paragraph=form.cleaned_data.get("paragraph")
            )
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your comment has been added."))
        return redirect(reverse("programmes_workspace:deliverable", kwargs=self.kwargs))

    def get(self, request, *args, **kwargs):
        self.get_deliverable()  # 404 for an id that is not this programme's
        return redirect(reverse("programmes_workspace:deliverable", kwargs=self.kwargs))


class ReviewView(DeliverableMixin, View):
    def post(self, request, *args, **kwargs):
        submission = self.get_submission()
        self.require(permissions.may_review(request.user, self.participant_registration()))
        form = ReviewForm(request.POST)
        try:
            if submission is None:
                raise ServiceError(_("There is no text to review yet."))
            if not form.is_valid():
                raise ServiceError(_("Choose whether you accept the text or ask for changes."))
            submission = services.submission_review(submission=submission, user=request.user, **form.cleaned_data)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The text has been accepted.") if submission.status == Submission.Status.ACCEPTED else _("Your request for changes has been sent."),
            )
        return redirect(reverse("programmes_workspace:deliverable", kwargs=self.kwargs))

    def get(self, request, *args, **kwargs):
        self.get_deliverable()  # 404 for an id that is not this programme's
        return redirect(reverse("programmes_workspace:deliverable", kwargs=self.kwargs))
