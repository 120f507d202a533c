"""Public pages of the Time capsule app."""

app_name = "tijdscapsule"
urlpatterns = []
