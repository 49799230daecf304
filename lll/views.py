"""The project's own pages: the home page shows the home region and its powiats."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from lll.core.pagecache import public_page
from lll.indicators.access import visible_indicators
from lll.indicators.services.position import headline
from lll.indicators.services.sources import Citations
from lll.indicators.views.position import position_cells
from lll.territory.maps import units_map
from lll.territory.services import home_region
from lll.territory.tables import CHILD_UNITS


@public_page
def home(request: HttpRequest) -> HttpResponse:
    region = home_region()
    powiats = list(region.children.defer("geometry").order_by("code")) if region else []
    map_spec = None
    figures = []
    cited = Citations()  # each figure cites its value's batch; the full texts under the cards
    if region is not None:
        figures = [
            position_cells(p, cited.number(p.source))
            for p in headline(visible_indicators(request.user), region)
        ]
        map_spec = units_map(
            region, powiats, _("Map of %(unit)s with its powiats") % {"unit": region.display_name}
        )
    return render(
        request,
        "home.html",
        {
            "region": region,
            "powiats": powiats,
            "powiat_table": CHILD_UNITS.bind(powiats),
            "map_spec": map_spec,
            "figures": figures,
            "sources": cited.texts,
        },
    )
