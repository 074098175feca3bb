"""The public HTML pages: the map page, the station pages, their text and their vendored assets."""
