"""Interactive API docs at ``/api/docs``, served from our own origin.

apiflask's defaults load Swagger UI from a CDN; the service must work with no internet beyond
itself, so the assets come from the ``swagger-ui-bundle`` PyPI package (pinned in
constraints.txt) and are served here.
"""

from __future__ import annotations

from apiflask import APIFlask
from flask import Blueprint, send_from_directory
from swagger_ui_bundle import swagger_ui_path

ASSETS = "/api/docs/assets"


def init_app(app: APIFlask) -> None:
    bp = Blueprint("docs_assets", __name__)

    @bp.get(f"{ASSETS}/<path:filename>")
    def asset(filename: str):
        return send_from_directory(swagger_ui_path, filename, max_age=86400)

    app.register_blueprint(bp)
    app.config.update(
        SWAGGER_UI_CSS=f"{ASSETS}/swagger-ui.css",
        SWAGGER_UI_BUNDLE_JS=f"{ASSETS}/swagger-ui-bundle.js",
        SWAGGER_UI_STANDALONE_PRESET_JS=f"{ASSETS}/swagger-ui-standalone-preset.js",
        DOCS_FAVICON=f"{ASSETS}/favicon-32x32.png",
    )
