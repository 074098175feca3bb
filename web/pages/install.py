"""Putting the page on the home screen: the web app manifest and the favicon.

The manifest speaks the language asked for (``?lang=en``), like the pages; its icons are small
PNGs committed under static/icons (a red square, a white pin).
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, redirect, request, url_for

from web.pages import text as page_text

bp = Blueprint("install", __name__)
ICON_SIZES = (192, 512)
THEME = "#b03a2e"


@bp.get("/manifest.webmanifest")
def manifest():
    lang = page_text.parse_lang(request.args.get("lang"))
    t = page_text.texts(lang)
    start = url_for("pages.map_page", lang="en") if lang == "en" else url_for("pages.map_page")
    body = {
        "name": t["brand"],
        "short_name": t["short_name"],
        "lang": "en" if lang == "en" else "zh-CN",
        "start_url": start,
        "scope": "/",
        "display": "standalone",
        "background_color": "#f4f1ec",
        "theme_color": THEME,
        "icons": [
            {
                "src": url_for("static", filename=f"icons/icon-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": "any",
            }
            for size in ICON_SIZES
        ],
    }
    response = Response(json.dumps(body, ensure_ascii=False), mimetype="application/manifest+json")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


@bp.get("/favicon.ico")
def favicon():
    # Browsers ask for /favicon.ico whatever the page links; a PNG answers them all.
    return redirect(url_for("static", filename="icons/icon-32.png"), code=301)
