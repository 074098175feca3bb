"""The bundled reference data (stations, district boundaries, vocabulary) and its validator."""
