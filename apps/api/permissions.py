"""DRF's default permission (settings.REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"]), in a module of
its own so that DRF can import it while loading its views (no circular import)."""

from rest_framework.permissions import BasePermission


class DenyAll(BasePermission):
    """A view that declares no permission classes answers nobody: every API view names its own."""

    def has_permission(self, request, view):
        return False
