"""The Flask layer: the only package that imports Flask.

``create_app`` builds an app from configuration in four layers, later ones winning: the defaults
in :mod:`web.settings`, an instance config file (``instance/yizhan.cfg``), ``YIZHAN_*``
environment variables, then ``test_config``.
"""

from __future__ import annotations

import os
from typing import Any

from apiflask import APIFlask

from web import settings


def create_app(test_config: dict[str, Any] | None = None) -> APIFlask:
    # APIFlask is a Flask subclass that builds the OpenAPI description from the routes.
    app = APIFlask(
        __name__,
        title="yizhan love-station API",
        version="1",
        instance_relative_config=True,
        spec_path="/api/v1/openapi.json",
        docs_path="/api/docs",
    )
    app.config.from_mapping(settings.defaults(app.instance_path))
    app.config.from_pyfile("yizhan.cfg", silent=True)
    # YIZHAN_DATABASE=/x.sqlite sets DATABASE; values are parsed as JSON where they can be.
    app.config.from_prefixed_env(prefix="YIZHAN")
    if test_config is not None:
        app.config.from_mapping(test_config)
    os.makedirs(app.instance_path, exist_ok=True)

    from web import (
        admin,
        admin_api,
        admin_schemas,
        api,
        auth,
        docs,
        edges,
        errors,
        geojson,
        health,
        pages,
        params,
        schemas,
        security,
        state,
    )

    state.init_app(app)
    errors.init_app(app)
    edges.init_app(app)
    params.init_app(app)
    auth.init_app(app)
    security.init_app(app)
    vocabulary = state.app_state_of(app).vocabulary
    geojson.init_app(app, vocabulary)
    docs.init_app(app)
    # Document errors as they are: {"error": {"code", "message", ...}} (web.errors).
    app.config["HTTP_ERROR_SCHEMA"] = schemas.ErrorBody
    app.config["VALIDATION_ERROR_SCHEMA"] = schemas.ErrorBody
    app.security_schemes = admin_schemas.SECURITY_SCHEMES
    app.spec_processor(admin_schemas.mark_bodies_required)
    app.register_blueprint(health.bp)
    app.register_blueprint(api.create_blueprint(vocabulary))
    app.register_blueprint(admin_api.create_blueprint(vocabulary))
    app.register_blueprint(pages.bp)
    app.register_blueprint(admin.create_blueprint())
    return app
