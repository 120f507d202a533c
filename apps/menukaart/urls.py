"""Public pages of the Menukaart app."""

app_name = "menukaart"
urlpatterns = []
