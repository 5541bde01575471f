// Starts the real server binary (target/debug/server, built by scripts/test.sh) on a free
// port over a fresh SQLite file with the demo journeys, and Debian's Chromium through
// playwright-core. TREKPOST_E2E_SERVER=target/release/server runs them against a release build.
// A suite opens both with `openSuite` and looks at its pages in each of the `VARIANTS`.
import { spawn, execFileSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const screenshots = join(root, "end2end", "screenshots");
mkdirSync(screenshots, { recursive: true });

const serverBinary = process.env.TREKPOST_E2E_SERVER ?? join(root, "target", "debug", "server");

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function waitUntilHealthy(url, child, log) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${log.join("")}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not become healthy:\n${log.join("")}`);
}

/**
 * The app with a small demo shop, and an API key of the demo merchant. `settings` adds
 * TREKPOST__* variables (e.g. to run the simulator); the simulator is off unless asked for.
 */
export async function startServer(settings = {}) {
  const dir = mkdtempSync(join(tmpdir(), "trekpost-e2e-"));
  const port = await freePort();
  const env = {
    ...process.env,
    TREKPOST__DATABASE__URL: `sqlite://${join(dir, "e2e.db")}`,
    TREKPOST__DEMO__ENABLED: "true",
    TREKPOST__DEMO__SHOPPERS: "10",
    TREKPOST__DEMO__SHIPMENTS: "12",
    ...settings,
    TREKPOST__SERVER__PORT: String(port),
    TREKPOST__SITE__ROOT: join(root, "target", "site"),
  };
  const apiKey = execFileSync(serverBinary, ["api-key", "create", "--merchant", "demo"], { env }).toString().trim();
  const log = [];
  const url = `http://127.0.0.1:${port}`;
  let child;
  const launch = async () => {
    child = spawn(serverBinary, ["serve"], { env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (d) => log.push(d.toString()));
    child.stderr.on("data", (d) => log.push(d.toString()));
    await waitUntilHealthy(url, child, log);
  };
  const halt = async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
  };
  await launch();
  return {
    url,
    apiKey,
    log,
    /** Runs a `server` CLI command on this server's database; `extraEnv` adds variables. */
    cli(args, extraEnv = {}) {
      return execFileSync(serverBinary, args, { env: { ...env, ...extraEnv } }).toString().trim();
    },
    /** Stops the server as a deploy would, waits `downMs`, and starts it again on the same port and database. */
    async restart(downMs = 0) {
      await halt();
      await new Promise((r) => setTimeout(r, downMs));
      await launch();
    },
    async stop() {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * Opens a suite's server and browser: before its tests, starts the server with `settings`, waits
 * for `ready(server)` and launches Chromium; after them, closes both. Call it inside `describe`;
 * the object it returns holds `server` and `browser` once the tests run.
 */
export function openSuite({ settings = {}, ready = async () => {} } = {}) {
  const suite = { server: undefined, browser: undefined };
  before(async () => {
    suite.server = await startServer(settings);
    await ready(suite.server);
    suite.browser = await launchBrowser();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
  return suite;
}

/**
 * For `openSuite`: the simulator on, playing three showcase journeys (fast-forwarded `LIVE-`
 * orders) at `acceleration`× real time; ready once all three have started (they start once the
 * demo shop is seeded), and `settleMs` later.
 */
export function showcases(acceleration, { settleMs = 0 } = {}) {
  return {
    settings: {
      TREKPOST__SIMULATOR__ENABLED: "true",
      TREKPOST__SIMULATOR__LIVE_JOURNEYS: "3",
      TREKPOST__SIMULATOR__ACCELERATION: String(acceleration),
      TREKPOST__SIMULATOR__TICK_MILLIS: "200",
    },
    async ready(server) {
      await eventually(async () => server.log.join("").split("showcase journey started").length > 3, "showcases", 60_000);
      if (settleMs) await new Promise((r) => setTimeout(r, settleMs));
    },
  };
}

/** The two ways the suites look at a page: a phone in English, a desktop in Chinese. */
export const VARIANTS = [
  { name: "phone-en", viewport: { width: 390, height: 844 }, locale: "en-US", isMobile: true, hasTouch: true },
  { name: "desktop-zh", viewport: { width: 1280, height: 800 }, locale: "zh-CN" },
];

/** A browser context's options for one of the `VARIANTS`. */
export function contextOptions({ viewport, locale, isMobile = false, hasTouch = false }) {
  return { viewport, locale, isMobile, hasTouch };
}

const axeSource = readFileSync(join(root, "node_modules", "axe-core", "axe.min.js"), "utf8");

/**
 * axe-core's WCAG 2 A and AA rules on the page as it is now: each violation as
 * `rule: the elements`, so an assertion that the list is empty says what to fix. Injected
 * through the DevTools protocol, which the page's Content-Security-Policy does not govern.
 */
export async function accessibilityViolations(page) {
  await page.evaluate(axeSource);
  const { violations } = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] } }),
  );
  return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** Records uncaught page errors and console errors, to assert a clean page. */
export function watchErrors(page) {
  const errors = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && errors.push(`console: ${m.text()}`));
  return errors;
}

/** Sends a `position` event for the shipment through the native ingest API. */
export async function postPosition(server, trackingNumber, { lat, lon }) {
  const event = { code: "position", occurred_at: new Date().toISOString(), location: { lat, lon } };
  return fetch(`${server.url}/api/v1/shipments/${trackingNumber}/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${server.apiKey}`, "content-type": "application/json" },
    body: JSON.stringify(event),
  });
}

/** Polls `probe` until it returns a truthy value; fails with `what` after `ms`. */
export async function eventually(probe, what, ms = 10_000) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}

/** Calls the seller API with the demo merchant's key; returns the parsed JSON (asserting `status`). */
export async function api(server, method, path, body, status = method === "POST" ? 201 : 200) {
  const response = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${server.apiKey}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== status) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

/**
 * Opens a showcase journey — a fast-forwarded `LIVE-` order, asked of the seller API (the demo
 * shop's own orders move in real time, too slowly to watch) — at most `upTo` percent along and
 * not in `skip` (tracking numbers; the one opened is added), then waits for its live stream.
 */
export async function openShowcaseJourney(server, page, { upTo, skip }) {
  let href = null;
  await eventually(
    async () => {
      await page.goto(server.url);
      const links = page.locator("a.demo-journey");
      await links.first().waitFor();
      for (let i = 0; i < Math.min(6, await links.count()); i++) {
        const link = links.nth(i);
        const percent = Number((await link.locator(".stage").textContent()).match(/(\d+)%/)[1]);
        const number = (await link.locator(".tracking").textContent()).trim();
        if (percent > upTo || skip.has(number)) continue;
        const shipment = await api(server, "GET", `/shipments/${number}`);
        if (!shipment.order_ref?.startsWith("LIVE-")) continue;
        skip.add(number);
        href = await link.getAttribute("href");
        return true;
      }
      return false;
    },
    `a showcase journey at most ${upTo}% along`,
    90_000,
  );
  await page.goto(new URL(href, server.url).href);
  await eventually(async () => (await page.getByTestId("live-status").getAttribute("class")).includes(" live"), "live");
}
