"""The Budget part of a municipality's workspace, /werkruimte/<slug>/...: every view here is a
MunicipalityPermissionRequired view (checked by apps/core/tests/test_access.py)."""

app_name = "budget_workspace"
urlpatterns = []
