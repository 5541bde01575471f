// Hostile data on the shopper's pages: a carrier name written as HTML shows as text on the map and
// runs nothing; every page carries a strict Content-Security-Policy (its inline hydration script
// allowed by the response's nonce), hydrates without one violation and passes an axe-core WCAG 2 A/AA audit.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  accessibilityViolations,
  api,
  contextOptions,
  eventually,
  openSuite,
  screenshots,
  VARIANTS,
  watchErrors,
} from "../support/harness.mjs";

const HOSTILE = "<img src=x onerror=alert(1)>";
const HOUR = 3_600_000;
const ago = (hours) => new Date(Date.now() - hours * HOUR).toISOString();
const digits = (n) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join("");

/** Shanghai → Frankfurt, the long air leg flown by a carrier whose name is markup. */
function hostileShipment() {
  return {
    shopper: { reference: `e2e-${digits(6)}` },
    origin: { city: "Shanghai", country: "CN", lat: 31.23, lon: 121.47 },
    destination: { city: "Frankfurt am Main", country: "DE", postal_code: "60311", lat: 50.11, lon: 8.68 },
    service: "express",
    legs: [
      { carrier: "evil-air", carrier_name: HOSTILE, tracking_number: `020${digits(8)}`, mode: "air",
        handoff: { city: "Frankfurt", country: "DE", lat: 50.04, lon: 8.56 } },
      { carrier: "dhl-paket", carrier_name: "DHL Paket", tracking_number: `00340434${digits(12)}`, mode: "courier" },
    ],
  };
}

/**
 * Opens `path` with everything that would betray a script or a policy problem recorded: dialogs,
 * page errors, console errors (Chromium reports each CSP refusal there) and the document's
 * `securitypolicyviolation` events. Resolves once the wasm has loaded and the page has settled.
 */
async function openWatched(context, url) {
  const page = await context.newPage();
  const dialogs = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss();
  });
  const errors = watchErrors(page);
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__violations.push(`${e.effectiveDirective} ${e.blockedURI}`),
    );
  });
  const response = await page.goto(url);
  await eventually(
    () => page.evaluate(() => performance.getEntriesByType("resource").some((r) => r.name.endsWith(".wasm"))),
    "the wasm to load",
  );
  await page.waitForTimeout(750);
  return { page, response, dialogs, errors };
}

function assertStrictPolicy(response, path) {
  const policy = response.headers()["content-security-policy"];
  assert.ok(policy, `${path} carries a Content-Security-Policy`);
  const directives = Object.fromEntries(
    policy.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]),
  );
  assert.ok(directives["script-src"].some((v) => /^'nonce-[A-Za-z0-9+/=_-]{16,}'$/.test(v)), `${path}: ${policy}`);
  assert.ok(directives["script-src"].includes("'wasm-unsafe-eval'"), policy);
  assert.ok(!directives["script-src"].includes("'unsafe-inline'"), policy);
  assert.ok(!directives["script-src"].includes("'unsafe-eval'"), policy);
  assert.deepEqual(directives["object-src"], ["'none'"]);
  assert.deepEqual(directives["frame-ancestors"], ["'none'"]);
  assert.equal(response.headers()["x-content-type-options"], "nosniff");
  assert.ok(response.headers()["referrer-policy"], "a Referrer-Policy");
}

describe("hostile data and the content security policy", () => {
  const suite = openSuite();

  for (const variant of VARIANTS) {
    test(`${variant.name}: a carrier name written as HTML is shown as text, and no page breaks its policy`, async () => {
      const { server, browser } = suite;
      const created = await api(server, "POST", "/shipments", hostileShipment());
      await api(server, "POST", `/shipments/${created.tracking_number}/events`, {
        code: "departed_origin",
        occurred_at: ago(20),
        location: { city: "Shanghai", country: "CN", lat: 31.14, lon: 121.81, time_zone: "Asia/Shanghai" },
      });
      const context = await browser.newContext(contextOptions(variant));

      const journey = await openWatched(context, `${server.url}${created.journey_path}`);
      const { page } = journey;
      await eventually(async () => (await page.getByTestId("live-status").getAttribute("class")).includes(" live"), "live");
      const label = page.locator(".leaflet-tooltip.leg-label");
      await label.waitFor();
      assert.equal((await label.innerText()).trim(), HOSTILE, "the name reads literally on the map");
      assert.equal(await page.locator(".leaflet-container img[src='x']").count(), 0, "no element was made of it");
      await page.getByTestId("map").scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(screenshots, `security-hostile-carrier-${variant.name}.png`) });

      // A share link, made by the page's own server function (a POST under the same policy).
      const button = page.getByTestId("share-button");
      await button.scrollIntoViewIfNeeded();
      await button.click();
      const input = page.getByTestId("share-url");
      await input.waitFor();
      const shareUrl = await input.inputValue();

      const pages = [["journey", journey, created.journey_path]];
      for (const [name, path] of [["share", new URL(shareUrl).pathname], ["leaderboard", "/leaderboard"], ["lookup", "/track"]]) {
        pages.push([name, await openWatched(context, `${server.url}${path}`), path]);
      }
      for (const [name, opened, path] of pages) {
        assertStrictPolicy(opened.response, path);
        assert.deepEqual(opened.dialogs, [], `${name}: no dialog opened`);
        assert.deepEqual(await opened.page.evaluate(() => window.__violations), [], `${name}: no CSP violation`);
        assert.deepEqual(opened.errors, [], `${name}: a clean console`);
        assert.deepEqual(await accessibilityViolations(opened.page), [], `${name}: WCAG 2 A/AA (axe-core)`);
      }
      const lookup = pages.at(-1)[1].page;
      await lookup.screenshot({ path: join(screenshots, `security-lookup-${variant.name}.png`) });
      await context.close();
    });
  }
});
