// Makes src/main/resources/io/bankstream/dashboard/map/brazil-ufs.tsv from @svg-maps/brazil 2.0.0
// (CC BY 4.0, see the NOTICE next to that file): one line per UF, "UF<TAB>name<TAB>SVG path",
// the path in absolute coordinates rounded to 0.1 of the 613 x 639 view box, points closer than
// MIN_STEP to the previous kept one dropped. The package's paths use only "m" and "z" (relative
// moveto, implicit relative lineto, closepath), which is all this reads; it writes "M x y x y ... Z"
// rings (implicit absolute lineto).
//
//   cd "$(mktemp -d)" && npm pack @svg-maps/brazil@2.0.0 && tar xzf svg-maps-brazil-2.0.0.tgz
//   node /path/to/simplify-brazil.mjs package/index.js > brazil-ufs.tsv
import { pathToFileURL } from "node:url";

const MIN_STEP = 1.5;
const map = (await import(pathToFileURL(process.argv[2]).href)).default;

function rings(path) {
  const tokens = path.match(/[mz]|-?\d*\.?\d+(?:e-?\d+)?/gi);
  const out = [];
  let x = 0, y = 0, startX = 0, startY = 0, ring = null, i = 0;
  while (i < tokens.length) {
    const t = tokens[i];
    if (t === "z" || t === "Z") {
      if (ring) out.push(ring);
      ring = null; x = startX; y = startY; i++;
    } else if (t === "m") {
      i++;
      x += +tokens[i++]; y += +tokens[i++];
      startX = x; startY = y; ring = [[x, y]];
      while (i < tokens.length && !/[mz]/i.test(tokens[i])) {
        x += +tokens[i++]; y += +tokens[i++]; ring.push([x, y]);
      }
    } else {
      throw new Error("unexpected token " + t);
    }
  }
  if (ring) out.push(ring);
  return out;
}

function simplified(ring) {
  const kept = [ring[0]];
  for (const p of ring.slice(1)) {
    const q = kept[kept.length - 1];
    if (Math.hypot(p[0] - q[0], p[1] - q[1]) >= MIN_STEP) kept.push(p);
  }
  return kept;
}

const r = (v) => (Math.round(v * 10) / 10).toString();
console.log(`# viewBox ${map.viewBox}`);
for (const location of map.locations) {
  const parts = rings(location.path)
    .map(simplified)
    .filter((ring) => ring.length >= 3)
    .map((ring) => "M" + ring.map(([x, y]) => `${r(x)} ${r(y)}`).join(" ") + "Z");
  console.log(`${location.id.toUpperCase()}\t${location.name}\t${parts.join("")}`);
}
