"""Public pages of the Budget app."""

app_name = "budget"
urlpatterns = []
