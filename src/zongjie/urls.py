from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from zongjie.api.main import api

# A full or read-only disk gets its own page (507/503, in Chinese) instead of the plain 500.
handler500 = "zongjie.security.disk.server_error"

admin.site.site_header = "总结 · 宣传工作台账管理"
admin.site.site_title = "总结"
admin.site.index_title = "系统管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("imports/", include("zongjie.imports.urls")),
    path("", include("zongjie.web.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
