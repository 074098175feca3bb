"""The public JSON API v1: nearest, listing, one station, vocabularies; its schemas, serializer
and OpenAPI documents."""
