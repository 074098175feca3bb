"""The map page's head holds nothing that blocks the first paint but the stylesheets: folium's
scripts come at the end of the body, in their order, before the map's own script."""

from __future__ import annotations

import re


def test_no_script_file_in_the_head_and_leaflet_before_the_map(client):
    html = client.get("/").get_data(as_text=True)
    head, body = html.split("</head>", 1)
    assert re.search(r"<script[^>]*\bsrc=", head) is None
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in head
    leaflet = body.index("/vendor/leaflet@")
    cluster = body.index("leaflet.markercluster.js")
    locate = body.index("L.Control.Locate.min.js")
    map_script = body.index("L.map(")
    assert leaflet < cluster < map_script and leaflet < locate < map_script
    assert body.index("L_NO_TOUCH") < map_script
    assert body.index("/static/js/map.js") > map_script
