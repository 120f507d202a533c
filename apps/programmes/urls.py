"""Public pages of the Programmes app."""

app_name = "programmes"
urlpatterns = []
