// Copies the browser assets that come from npm into public/ (which cargo-leptos copies into
// the site): Leaflet 1.9 and the offline world outline, converted from the world-atlas
// TopoJSON to GeoJSON with coordinates rounded to 0.01° (about 1 km, plenty at world zoom).
import { copyFileSync, mkdirSync, readFileSync, writeFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { feature } from "topojson-client";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const pub = join(root, "public");

const leafletDist = join(modules, "leaflet", "dist");
const leafletOut = join(pub, "vendor", "leaflet");
mkdirSync(join(leafletOut, "images"), { recursive: true });
for (const file of ["leaflet.js", "leaflet.css"]) {
  copyFileSync(join(leafletDist, file), join(leafletOut, file));
}
for (const file of readdirSync(join(leafletDist, "images"))) {
  copyFileSync(join(leafletDist, "images", file), join(leafletOut, "images", file));
}

const topology = JSON.parse(readFileSync(join(modules, "world-atlas", "countries-110m.json"), "utf8"));
const world = feature(topology, topology.objects.countries);
const round = (value) => Math.round(value * 100) / 100;
// Rings cut at the antimeridian (Russia, Fiji, Antarctica) jump from +180 to -180; drawn as
// is, that jump is a line across the whole map. Unwrap each ring so consecutive points are
// never more than 180° apart (the page draws the world three times side by side).
const unwrapRing = (ring) => {
  let shift = 0;
  return ring.map(([lon, lat], i) => {
    if (i > 0) {
      const previous = ring[i - 1][0];
      if (lon - previous > 180) shift -= 360;
      else if (previous - lon > 180) shift += 360;
    }
    return [round(lon + shift), round(lat)];
  });
};
for (const f of world.features) {
  const g = f.geometry;
  g.coordinates = g.type === "Polygon" ? g.coordinates.map(unwrapRing) : g.coordinates.map((p) => p.map(unwrapRing));
  f.properties = { name: f.properties.name };
}
mkdirSync(join(pub, "geo"), { recursive: true });
writeFileSync(join(pub, "geo", "world.geojson"), JSON.stringify(world));
console.log(`public/: Leaflet ${JSON.parse(readFileSync(join(modules, "leaflet", "package.json"))).version}, world outline with ${world.features.length} countries`);
