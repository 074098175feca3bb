"""Problem reports, "still right" confirmations and the freshness of station data; no Flask.

A worker at a station's door says what is wrong (:mod:`geodata.reports.model` has the fixed
reasons), optionally with a photo (:mod:`geodata.reports.photos`), or taps "still right". The
service (:mod:`geodata.reports.service`) folds duplicates into a "me too" count, limits how often
one browser or address may write (:mod:`geodata.reports.clients`, keyed hashes only), moves a
station's ``last_verified`` by the freshness rule (:mod:`geodata.reports.freshness`), and lets an
admin or a district editor acknowledge, reject or resolve a report, a fix included, through the
one writer (:mod:`geodata.reports.fixes`). The stores keep it all behind one interface
(:class:`geodata.stores.base.ReportStore`, ``store.reports()``).

This package's ``__init__`` imports nothing, so :mod:`geodata.messages` may read its words.
"""
