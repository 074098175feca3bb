"""The domain core of yizhan: stations, the exact nearest-station index, hours, coordinates.

Nothing here imports Flask; the web layer parses requests into the typed queries defined in
:mod:`finder.models` and calls into this package.
"""
