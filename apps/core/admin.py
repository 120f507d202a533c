from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Global Goals Gemeenten — back office")
admin.site.site_title = _("Back office")
admin.site.index_title = _("Campaign team")
