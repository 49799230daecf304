from django.contrib import admin
from django.urls import include, path

from lll import views
from lll.accounts.urls import auth_urlpatterns
from lll.api.api import api
from lll.api.docs import api_docs
from lll.core.pagecache import public_namespace
from lll.publicoffice.urls import statement_urlpatterns

# The open-data API is public: its GET answers are cached under the data version.
public_namespace(api.urls_namespace)

urlpatterns = [
    path("", views.home, name="home"),
    *auth_urlpatterns,
    path("konto/", include("lll.accounts.urls")),
    path("teren/", include("lll.territory.urls")),
    path("wskazniki/", include("lll.indicators.urls")),
    path("koordynacja/", include("lll.coordination.urls")),
    path("konsultacje/", include("lll.consultations.urls")),
    path("samoocena/", include("lll.selfassessment.urls")),
    path("ksztalcenie-zawodowe/", include("lll.vet.urls")),
    *statement_urlpatterns,
    path("urzad/", include("lll.publicoffice.urls")),
    path("dzialania/", include("lll.activities.urls")),
    path("api/v1/docs", api_docs, name="api_docs"),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
