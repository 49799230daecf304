"""What other apps add to coordination's pages without coordination importing them (the
dependency rule runs the other way): an app registers a function in its `AppConfig.ready()`
that renders its part of a meeting's page or of the member's overview, e.g. consultations'
polls of the meeting and the polls awaiting the member's vote."""

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString

from .models import Meeting

MeetingPanel = Callable[[HttpRequest, Meeting], SafeString | str]
OverviewPanel = Callable[[HttpRequest], SafeString | str]

_meeting_panels: list[MeetingPanel] = []
_overview_panels: list[OverviewPanel] = []


def register_meeting_panel(panel: MeetingPanel) -> MeetingPanel:
    if panel not in _meeting_panels:
        _meeting_panels.append(panel)
    return panel


def register_overview_panel(panel: OverviewPanel) -> OverviewPanel:
    if panel not in _overview_panels:
        _overview_panels.append(panel)
    return panel


def meeting_panels(request: HttpRequest, meeting: Meeting) -> list[SafeString | str]:
    return [html for panel in _meeting_panels if (html := panel(request, meeting))]


def overview_panels(request: HttpRequest) -> list[SafeString | str]:
    return [html for panel in _overview_panels if (html := panel(request))]
