from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "OFFICE_NAME": settings.LLL_OFFICE_NAME,
        "HOME_REGION_CODE": settings.LLL_HOME_REGION,
    }
