from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from apps.core.exceptions import ServiceError

from . import services
from .models import AccessGrant, Invitation, User


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    ordering = ["full_name"]
    list_display = ["full_name", "email", "role", "municipality", "is_active", "last_login"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["full_name", "email", "municipality__display_name"]
    autocomplete_fields = ["municipality"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "job_title", "language"]}),
        (_("Role"), {"fields": ["role", "municipality", "is_active"]}),
        (_("Back office"), {"classes": ["collapse"], "fields": ["is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "full_name", "role", "municipality", "password1", "password2"]})]
    readonly_fields = ["last_login", "date_joined"]
    # Only a superuser grants back-office rights directly; the campaign team manages people through
    # the platform's roles (user_apply_role derives is_staff and the team group from the role).
    SUPERUSER_ONLY_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += [name for name in self.SUPERUSER_ONLY_FIELDS if name not in fields]
        return fields

    def _touches_superuser(self, request, obj):
        return obj is not None and obj.is_superuser and not request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        """A superuser's account (e-mail, password) is changed only by a superuser."""
        if self._touches_superuser(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self._touches_superuser(request, obj):
            return False
        return super().has_delete_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):  # noqa: A002 - Django's signature
        """Setting someone else's password is for superusers only (everyone changes their own)."""
        if not request.user.is_superuser and str(request.user.pk) != str(id):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            # Belt and braces: whatever was posted, a non-superuser changes none of these.
            original = User.objects.filter(pk=obj.pk).values("is_superuser").first() if change else None
            obj.is_superuser = bool(original and original["is_superuser"])
        super().save_model(request, obj, form, change)
        services.user_apply_role(user=obj)


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin):
    list_display = ["email", "role", "municipality", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["role"]
    search_fields = ["email", "municipality__display_name"]
    autocomplete_fields = ["municipality"]
    fields = [
        "email",
        "full_name",
        "job_title",
        "role",
        "municipality",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
    ]
    readonly_fields = ["invited_by", "created_at", "expires_at", "accepted_at", "accepted_by", "revoked_at"]
    actions = ["revoke"]

    def save_model(self, request, obj, form, change):
        """New invitations from the back office go through the service, which sends the e-mail."""
        if change:
            return super().save_model(request, obj, form, change)
        try:
            invitation, _token = services.invitation_create(
                email=obj.email,
                role=obj.role,
                municipality=obj.municipality,
                full_name=obj.full_name,
                job_title=obj.job_title,
                invited_by=request.user,
            )
        except ServiceError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return None
        self.message_user(request, _("The invitation e-mail to %(email)s is being sent.") % {"email": invitation.email}, messages.INFO)
        obj.pk = invitation.pk
        obj.__dict__.update(invitation.__dict__)
        return None

    @admin.action(description=_("Withdraw the selected invitations"))
    def revoke(self, request, queryset):
        for invitation in queryset:
            services.invitation_revoke(invitation=invitation)


@admin.register(AccessGrant)
class AccessGrantAdmin(SimpleHistoryAdmin):
    list_display = ["user", "municipality", "reason", "valid_until"]
    autocomplete_fields = ["user", "municipality"]
