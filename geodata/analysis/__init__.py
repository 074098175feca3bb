"""Coverage and next-site suggestions (shapely, pyproj, scipy, pulp), framework-free.

:mod:`~geodata.analysis.coverage` measures the built-up land within a radius of stations,
:mod:`~geodata.analysis.sites` suggests new sites, :mod:`~geodata.analysis.exports` writes both
as CSV and GeoJSON; :mod:`~geodata.analysis.projection` holds the local projections.
"""
