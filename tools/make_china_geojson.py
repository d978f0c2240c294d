"""Build data/reference/china.geo.json from ECharts 4.9.0's bundled China map.

Why: ECharts 5+ no longer ships maps, and the app must never fetch map data at run time. echarts@4.9.0 (Apache-2.0)
ships ``map/json/china.json`` in ECharts' compressed "UTF8Encoding" form, which only ECharts itself can read. This
script decodes it to plain GeoJSON, repairs and shrinks it, and writes a small committed asset that both ECharts and
any GeoJSON tool (plotly, shapely, tests) can use.

Regenerate (needs network access to the npm registry once, and shapely in the venv; the app does not need shapely):

    cd /tmp && npm pack echarts@4.9.0 && mkdir -p echarts49 && tar xzf echarts-4.9.0.tgz -C echarts49
    .venv/bin/python tools/make_china_geojson.py /tmp/echarts49/package/map/json/china.json

Steps: decode the quantised coordinates (algorithm from echarts 4 ``src/coord/geo/parseGeoJson.js``), ``buffer(0)``
to repair degenerate rings, ``simplify(0.05)`` degrees, round to 2 decimals (snapped with ``set_precision`` so the
result stays valid), orient exterior rings clockwise (plotly turns counter-clockwise rings into whole-globe fills;
ECharts does not care), keep properties name/id/cp only.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.geometry.polygon import orient
from shapely.validation import make_valid

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "data" / "reference" / "china.geo.json"
SIMPLIFY_TOLERANCE = 0.05  # degrees, about 5 km: plenty for a province choropleth
DECIMALS = 2


def decode_ring(encoded: str, offsets: list[int], scale: float) -> list[list[float]]:
    """Decode one ECharts UTF8Encoding ring: zigzag-encoded deltas stored as char codes offset by 64."""
    prev_x, prev_y = offsets[0], offsets[1]
    ring: list[list[float]] = []
    for i in range(0, len(encoded), 2):
        x = ord(encoded[i]) - 64
        y = ord(encoded[i + 1]) - 64
        x = (x >> 1) ^ (-(x & 1))
        y = (y >> 1) ^ (-(y & 1))
        x += prev_x
        y += prev_y
        prev_x, prev_y = x, y
        ring.append([x / scale, y / scale])
    return ring


def decode_geometry(geometry: dict[str, Any], scale: float) -> dict[str, Any]:
    """Return a plain GeoJSON geometry from an encoded Polygon/MultiPolygon."""
    coords = geometry["coordinates"]
    offsets = geometry["encodeOffsets"]
    if geometry["type"] == "Polygon":
        rings = [decode_ring(r, offsets[i], scale) for i, r in enumerate(coords)]
        return {"type": "Polygon", "coordinates": rings}
    if geometry["type"] == "MultiPolygon":
        polys = [[decode_ring(r, offsets[p][i], scale) for i, r in enumerate(poly)] for p, poly in enumerate(coords)]
        return {"type": "MultiPolygon", "coordinates": polys}
    raise ValueError(f"unexpected geometry type {geometry['type']!r}")


def _close(ring: list[list[float]]) -> list[list[float]]:
    return ring if ring and ring[0] == ring[-1] else [*ring, ring[0]]


def _polygons(geom: Any) -> list[Polygon]:
    """Flatten whatever shapely returns into a list of non-empty polygons."""
    if isinstance(geom, Polygon):
        return [] if geom.is_empty else [geom]
    if hasattr(geom, "geoms"):
        return [p for g in geom.geoms for p in _polygons(g)]
    return []


def _round_polygon(poly: Polygon) -> Polygon | None:
    """Round coordinates, drop rings that collapse, and orient the exterior clockwise."""

    def rnd(coords: Any) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for x, y in coords:
            pt = (round(x, DECIMALS), round(y, DECIMALS))
            if not out or out[-1] != pt:
                out.append(pt)
        return out

    ext = rnd(poly.exterior.coords)
    if len(ext) < 4 or Polygon(ext).area == 0:
        return None
    holes = [h for h in (rnd(i.coords) for i in poly.interiors) if len(h) >= 4 and Polygon(h).area > 0]
    return orient(Polygon(ext, holes), sign=-1.0)  # sign=-1: exterior clockwise, holes counter-clockwise


def clean_geometry(geometry: dict[str, Any]) -> dict[str, Any]:
    """Repair, simplify, round and orient one geometry; returns plain GeoJSON."""
    geom = shape({"type": geometry["type"], "coordinates": _rings_closed(geometry)})
    geom = geom.buffer(0)
    if not geom.is_valid:
        geom = make_valid(geom)
    geom = geom.simplify(SIMPLIFY_TOLERANCE, preserve_topology=True)
    # Snap to the 0.01-degree grid with GEOS so the rounded result stays valid (touching parts are merged).
    geom = shapely.set_precision(geom, 10**-DECIMALS)
    polys = [p for p in (_round_polygon(p) for p in _polygons(geom)) if p is not None]
    if not polys:
        raise ValueError("geometry vanished after simplification")
    out = polys[0] if len(polys) == 1 else MultiPolygon(polys)
    gj = mapping(out)
    return {"type": gj["type"], "coordinates": _lists(gj["coordinates"])}


def _rings_closed(geometry: dict[str, Any]) -> Any:
    if geometry["type"] == "Polygon":
        return [_close(r) for r in geometry["coordinates"]]
    return [[_close(r) for r in poly] for poly in geometry["coordinates"]]


def _lists(obj: Any) -> Any:
    """Turn shapely's nested tuples into lists (and -0.0 into 0.0) for stable JSON."""
    if isinstance(obj, (list, tuple)):
        return [_lists(v) for v in obj]
    return obj + 0.0 if isinstance(obj, float) else obj


def build(source: dict[str, Any]) -> dict[str, Any]:
    """Decode and clean every feature of ECharts' china.json."""
    scale = source.get("UTF8Scale") or 1024
    features = []
    for feat in source["features"]:
        props = feat["properties"]
        geometry = decode_geometry(feat["geometry"], scale) if source.get("UTF8Encoding") else feat["geometry"]
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "name": props["name"],
                    "id": str(props.get("id") or feat["id"]),
                    "cp": [round(v, 4) for v in props["cp"]],
                },
                "geometry": clean_geometry(geometry),
            }
        )
    features.sort(key=lambda f: f["properties"]["id"])
    return {"type": "FeatureCollection", "features": features}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="path to echarts@4.9.0 package/map/json/china.json")
    parser.add_argument("-o", "--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    result = build(json.loads(args.source.read_text(encoding="utf-8")))
    text = json.dumps(result, ensure_ascii=False, separators=(",", ":")) + "\n"
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({len(result['features'])} features, {len(text.encode()) / 1024:.1f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
