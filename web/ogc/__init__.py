"""OGC API - Features (Part 1: Core) at ``/ogc``: the stations as a standard layer for QGIS,
ArcGIS, GDAL and OWSLib, from the same index and serializer as the JSON API."""

from web.ogc.views import bp

__all__ = ["bp"]
