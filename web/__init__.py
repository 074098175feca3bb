"""The Flask layer: the only package that imports Flask.

``create_app`` builds an app from configuration in four layers, later ones winning: the defaults
in :mod:`web.http.settings`, an instance config file (``instance/yizhan.cfg``), ``YIZHAN_*``
environment variables, then ``test_config`` (read by :func:`web.http.settings.load`, which the
``yizhan`` commands share).
"""

from __future__ import annotations

import os
from typing import Any

from apiflask import APIFlask

from web.http import settings


def create_app(test_config: dict[str, Any] | None = None) -> APIFlask:
    # APIFlask is a Flask subclass that builds the OpenAPI description from the routes.
    instance = settings.instance_path()
    app = APIFlask(
        __name__,
        title="yizhan love-station API",
        version="1",
        instance_path=instance,
        spec_path="/api/v1/openapi.json",
        docs_path="/api/docs",
    )
    # The same four layers the yizhan commands read (web.http.settings.load).
    app.config.from_mapping(settings.load(instance, test_config))
    settings.check(app.config)  # before the store is opened or a key is made
    os.makedirs(app.instance_path, exist_ok=True)

    from web import admin, ogc
    from web.admin import api as admin_api
    from web.admin import api_schemas as admin_schemas
    from web.admin import imports_api as admin_imports
    from web.admin import reports_api as admin_reports
    from web.api import docs, features, health, places, reports, reports_schemas, schemas
    from web.api import public as api
    from web.http import (
        auth,
        compress,
        edges,
        errors,
        params,
        search_counts,
        security,
        state,
    )
    from web.pages import freshness, offline
    from web.pages import report_routes as report_pages
    from web.pages import views as pages

    freshness.init_app(app)
    state.init_app(app)
    search_counts.init_app(app, state.app_state_of(app).store)
    errors.init_app(app)
    edges.init_app(app)
    params.init_app(app)
    auth.init_app(app)
    security.init_app(app)
    reports.init_app(app)  # after security: its key derives from SECRET_KEY
    compress.init_app(app)
    vocabulary = state.app_state_of(app).vocabulary
    features.init_app(app, vocabulary)
    docs.init_app(app)
    # Document errors as they are: {"error": {"code", "message", ...}} (web.http.errors).
    app.config["HTTP_ERROR_SCHEMA"] = schemas.ErrorBody
    app.config["VALIDATION_ERROR_SCHEMA"] = schemas.ErrorBody
    app.security_schemes = admin_schemas.SECURITY_SCHEMES
    app.spec_plugins.append(schemas.ListingFeatures())
    app.spec_processor(
        lambda spec: reports_schemas.describe_photo_form(admin_schemas.mark_bodies_required(spec))
    )
    app.register_blueprint(health.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(places.bp)
    app.register_blueprint(ogc.bp)
    app.register_blueprint(admin_api.bp)
    app.register_blueprint(admin_imports.bp)
    app.register_blueprint(reports.bp)
    app.register_blueprint(admin_reports.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(report_pages.bp)
    offline.init_app(app)
    app.register_blueprint(admin.create_blueprint())
    return app
