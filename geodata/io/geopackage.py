"""GeoPackage in and out, through pyogrio (GDAL): the one place where import bytes touch disk.

GDAL reads and writes a GeoPackage only as a file, so the bytes go to a private temporary
directory that is removed afterwards (and swept later if a kill left it behind). GDAL carries
its own SQLite library, and two SQLite libraries in one process must never open the same file
at once, which is why only these temporary files ever meet GDAL (checked by Python's sqlite3
first, and closed before GDAL opens them) and the live store is written by Python's sqlite3
alone.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio
import pyogrio.raw
import shapely
from pyproj import CRS, Transformer

from geodata.io.columns import COORDINATE_FIELDS, FIELDS, REQUIRED
from geodata.io.gpkg_check import check_geopackage, private_folder
from geodata.io.plan import MAX_ROWS
from geodata.io.readers import FileProblem, Table, Values, check_row_count, columns_of

LAYER = "stations"
_GDAL_ERRORS = (
    pyogrio.errors.DataSourceError,
    pyogrio.errors.DataLayerError,
    pyogrio.errors.FieldError,
    pyogrio.errors.GeometryError,
    pyogrio.errors.FeatureError,
    pyogrio.errors.CRSError,
)


def read_gpkg(data: bytes) -> Table:
    """The "stations" layer (else the first); geometry gives the coordinates. The file is
    checked first (:mod:`geodata.io.gpkg_check`: no views, no unneeded triggers, rows and
    columns counted, under a time budget), and its folder removed whatever happens."""
    with private_folder() as directory:
        path = directory / "upload.gpkg"
        path.write_bytes(data)
        layer = check_geopackage(path, LAYER)
        try:
            meta, _, wkb, fields = pyogrio.raw.read(path, layer=layer, max_features=MAX_ROWS + 1)
        except _GDAL_ERRORS as exc:
            raise FileProblem(f"could not read the GeoPackage: {exc}") from None
    if wkb is None:
        raise FileProblem(f"the GeoPackage layer {layer!r} has no geometry")
    check_row_count(len(wkb))
    table = Table("gpkg", coordinate_field="geometry")
    required = REQUIRED - set(COORDINATE_FIELDS)
    columns = columns_of(list(meta["fields"]), table, required=required)
    cells = {
        name: fields[i].tolist() for i, name in columns.items() if name not in COORDINATE_FIELDS
    }
    points, table.crs = _points_in_wgs84(shapely.from_wkb(wkb), meta["crs"])
    for i, point in enumerate(points):
        values: Values = {name: column[i] for name, column in cells.items()}
        problems = []
        if point is None or point.is_empty:
            problems.append(("geometry", "is missing"))
        elif point.geom_type != "Point":
            problems.append(("geometry", f"must be a Point, got {point.geom_type}"))
        else:
            values["lon"], values["lat"] = point.x, point.y
        table.rows.append((i + 1, values, problems))
    return table


def _points_in_wgs84(geometries: Any, layer_crs: str | None) -> tuple[Any, str | None]:
    """Geometries as lon/lat, and the system the layer states (None for EPSG:4326 or none).

    EPSG has no code for GCJ-02 or BD-09, so layers holding them are labelled EPSG:4326 (or
    not at all) and the caller's ``crs`` decides; a layer in any other system is reprojected.
    """
    if layer_crs is None or CRS.from_user_input(layer_crs).equals(CRS.from_epsg(4326)):
        return geometries, None
    transformer = Transformer.from_crs(layer_crs, "EPSG:4326", always_xy=True)

    def transform(xy: np.ndarray) -> np.ndarray:
        return np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))

    return [g if g is None else shapely.transform(g, transform) for g in geometries], "wgs84"


def write_gpkg(rows: list[list[Any]]) -> bytes:
    """Via pyogrio (GDAL) into a private temporary file, never near the live database."""
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in FIELDS]
    by_name = dict(zip(FIELDS, columns, strict=True))
    points = shapely.points(np.column_stack([by_name["lon"], by_name["lat"]]).reshape(-1, 2))
    names = [name for name in FIELDS if name not in ("lon", "lat")]
    with tempfile.TemporaryDirectory(prefix="yizhan-export-") as directory:
        path = Path(directory) / "stations.gpkg"
        pyogrio.raw.write(
            path,
            geometry=np.asarray(shapely.to_wkb(points), dtype=object),
            field_data=[np.asarray(by_name[name], dtype=object) for name in names],
            fields=names,
            layer="stations",
            driver="GPKG",
            geometry_type="Point",
            crs="EPSG:4326",
            encoding="UTF-8",
        )
        return path.read_bytes()
