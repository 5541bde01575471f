// Writes server/assets/world-outline.txt, the land the share card draws (committed; run again
// only to change its detail): world-atlas's 110m countries merged into land, one ring per
// line as "lon,lat lon,lat …", rounded to 0.1° (a card pixel is ~0.3°), rings unwrapped at the
// antimeridian so consecutive points are never more than 180° apart.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { merge } from "topojson-client";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const topology = JSON.parse(readFileSync(join(root, "node_modules", "world-atlas", "land-110m.json"), "utf8"));
const land = merge(topology, topology.objects.land.geometries);
const round = (value) => Math.round(value * 10) / 10;
const lines = [];
for (const polygon of land.coordinates) {
  for (const ring of polygon) {
    let shift = 0;
    const points = [];
    ring.forEach(([lon, lat], i) => {
      if (i > 0) {
        const previous = ring[i - 1][0];
        if (lon - previous > 180) shift -= 360;
        else if (previous - lon > 180) shift += 360;
      }
      const point = `${round(lon + shift)},${round(lat)}`;
      if (points[points.length - 1] !== point) points.push(point);
    });
    if (points.length >= 4) lines.push(points.join(" "));
  }
}
writeFileSync(join(root, "server", "assets", "world-outline.txt"), lines.join("\n") + "\n");
console.log(`server/assets/world-outline.txt: ${lines.length} rings`);
