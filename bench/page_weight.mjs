// The journey page's weight on the wire and how soon a shopper sees it, in Debian's Chromium.
//
//   node bench/page_weight.mjs [http://127.0.0.1:3000] [runs]
//
// Against a running server (e.g. `make run`, a release build): opens the first demo journey
// from the landing page `runs` times (default 5) in fresh contexts, unthrottled and on a
// "slow 4G" profile (150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up, as Lighthouse's mobile
// preset). Prints the bytes transferred per kind (compressed, as sent; the base map's world
// outline apart from the page, map tiles excluded) and the medians of first contentful paint
// (server-rendered content visible) and of "live" (hydrated and the stream open).
import { chromium } from "playwright-core";

const base = process.argv[2] ?? "http://127.0.0.1:3000";
const runs = Number(process.argv[3] ?? 5);
const profiles = {
  unthrottled: null,
  "slow 4G": { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8) * 0.9, uploadThroughput: (750e3 / 8) * 0.9 },
};

function kind(url, type) {
  if (url.includes("/vendor/leaflet/")) return "leaflet";
  if (url.endsWith(".wasm")) return "wasm";
  if (url.includes("/geo/")) return "base map (world outline)";
  if (type === "Document") return "html";
  if (type === "Stylesheet") return "css";
  if (type === "Script") return "js";
  return `other (${type})`;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
const landing = await browser.newPage();
await landing.goto(base);
const path = await landing.locator("a.demo-journey").first().getAttribute("href");
await landing.close();
console.log(`journey page: ${path}`);

for (const [name, conditions] of Object.entries(profiles)) {
  const paints = [];
  const lives = [];
  let bytes;
  let encodings;
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, deviceScaleFactor: 2 });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    if (conditions) await cdp.send("Network.emulateNetworkConditions", conditions);
    const requests = new Map();
    const sizes = {};
    const seenEncodings = new Set();
    cdp.on("Network.responseReceived", ({ requestId, response, type }) => {
      requests.set(requestId, { url: response.url, type });
      const encoding = response.headers["content-encoding"] ?? response.headers["Content-Encoding"];
      if (encoding) seenEncodings.add(encoding);
    });
    cdp.on("Network.loadingFinished", ({ requestId, encodedDataLength }) => {
      const request = requests.get(requestId);
      if (!request) return;
      const k = kind(request.url, request.type);
      sizes[k] = (sizes[k] ?? 0) + encodedDataLength;
    });
    const started = Date.now();
    await page.goto(`${base}${path}`, { waitUntil: "commit" });
    await page.waitForFunction(() => document.querySelector('[data-testid="live-status"]')?.className.includes(" live"), null, {
      timeout: 120_000,
      polling: 20,
    });
    lives.push(Date.now() - started);
    const fcp = await page.evaluate(
      () => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null,
    );
    paints.push(fcp);
    // Let the base map finish loading before counting bytes.
    await page.waitForTimeout(conditions ? 4000 : 500);
    bytes = sizes;
    encodings = seenEncodings;
    await context.close();
  }
  const total = Object.entries(bytes)
    .filter(([k]) => !k.startsWith("base map"))
    .reduce((sum, [, v]) => sum + v, 0);
  console.log(`\n== ${name} (${runs} runs, 390×844)`);
  for (const [k, v] of Object.entries(bytes).sort((a, b) => b[1] - a[1])) {
    console.log(`  ${k.padEnd(26)} ${(v / 1024).toFixed(1).padStart(8)} KiB`);
  }
  console.log(`  ${"page total (no base map)".padEnd(26)} ${(total / 1024).toFixed(1).padStart(8)} KiB  encodings: ${[...encodings].join(", ")}`);
  console.log(`  first contentful paint     median ${Math.round(median(paints))} ms (min ${Math.round(Math.min(...paints))}, max ${Math.round(Math.max(...paints))})`);
  console.log(`  live (hydrated + stream)   median ${median(lives)} ms (min ${Math.min(...lives)}, max ${Math.max(...lives)})`);
}
await browser.close();
