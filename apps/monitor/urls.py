"""Public pages of the Monitor app."""

app_name = "monitor"
urlpatterns = []
