"""Public pages of the Policy scan app."""

app_name = "policyscan"
urlpatterns = []
