// The journey page in Chromium: server-rendered, hydrated, and moved live over SSE.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { eventually, openSuite, postPosition, screenshots, watchErrors } from "../support/harness.mjs";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

describe("journey page", () => {
  const suite = openSuite();

  test("opens from the landing page, hydrates, and the marker moves live without a reload", async () => {
    const { server, browser } = suite;
    const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const errors = watchErrors(page);

    await page.goto(server.url);
    await page.screenshot({ path: join(screenshots, "landing-phone.png"), fullPage: true });
    const link = page.locator("a.demo-journey").first();
    const listedPercent = (await link.locator(".stage").textContent()).match(/(\d+)%/)[1];
    await link.click();
    await page.waitForURL(/\/t\/[A-Za-z0-9_-]{22}$/);

    const trackingNumber = (await page.getByTestId("tracking-number").textContent()).trim();
    assert.match(trackingNumber, /^TP[0-9A-Z]{11}$/);
    const progress = page.getByRole("progressbar");
    assert.equal(await progress.getAttribute("aria-valuenow"), listedPercent, "the page agrees with the list");

    // Hydrated and subscribed: the live badge only says "Live" once the wasm runs and the
    // stream is open; then the follow toggle responds to a click.
    await eventually(async () => (await page.getByTestId("live-status").textContent()).includes("Live"), "live badge");
    const follow = page.getByRole("button", { name: "Follow parcel" });
    assert.equal(await follow.getAttribute("aria-pressed"), "false");
    await follow.click();
    await eventually(async () => (await follow.getAttribute("aria-pressed")) === "true", "follow toggle to respond");
    await follow.click();
    await eventually(async () => (await follow.getAttribute("aria-pressed")) === "false", "follow toggle off");

    // The map drew its base layer (world outline) and the route.
    await eventually(async () => (await page.locator(".map canvas").count()) > 0, "canvas layers on the map");
    const marker = page.locator(".parcel-marker");
    await marker.waitFor();
    const before = await marker.boundingBox();
    const navigations = [];
    page.on("framenavigated", (f) => f === page.mainFrame() && navigations.push(f.url()));

    const response = await postPosition(server, trackingNumber, { lat: 40.0, lon: -150.0 });
    assert.equal(response.status, 201, await response.text());

    await eventually(
      async () => (await page.getByTestId("position-readout").textContent()).includes("40.00°N 150.00°W"),
      "the position readout to show the new fix",
    );
    const moved = await eventually(async () => {
      const box = await marker.boundingBox();
      const distance = Math.hypot(box.x - before.x, box.y - before.y);
      return distance > 10 ? box : null;
    }, "the marker to move");
    // Let the glide finish, then make sure it settled rather than still being mid-flight.
    assert.ok(moved);
    await page.waitForTimeout(1200);
    const settled = await marker.boundingBox();
    await page.waitForTimeout(500);
    const still = await marker.boundingBox();
    assert.ok(Math.hypot(still.x - settled.x, still.y - settled.y) < 1, "the glide has ended");
    assert.deepEqual(navigations, [], "no reload");

    await page.screenshot({ path: join(screenshots, "journey-phone.png"), fullPage: true });
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("desktop layout shows progress beside the map", async () => {
    const { server, browser } = suite;
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(server.url);
    await page.locator("a.demo-journey").nth(1).click();
    await eventually(async () => (await page.getByTestId("live-status").textContent()).includes("Live"), "live badge");
    await eventually(async () => (await page.locator(".map canvas").count()) > 0, "map layers");
    await page.waitForTimeout(500);
    const map = await page.getByTestId("map").boundingBox();
    const bar = await page.getByRole("progressbar").boundingBox();
    assert.ok(map.x > bar.x + bar.width, "map to the right of the progress column");
    await page.screenshot({ path: join(screenshots, "journey-desktop.png") });
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("speaks Chinese when the browser asks for it, German when the shopper picks it", async () => {
    const { server, browser } = suite;
    const context = await browser.newContext({ viewport: PHONE, locale: "zh-CN" });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.locator("a.demo-journey").first().click();
    await eventually(async () => (await page.getByTestId("live-status").textContent()).includes("实时"), "实时 badge");
    assert.equal(await page.locator("html").getAttribute("lang"), "zh-Hans");
    await page.getByRole("button", { name: "跟随包裹" }).click();
    await page.screenshot({ path: join(screenshots, "journey-phone-zh.png"), fullPage: true });
    // The switcher: German, for this page and the next ones.
    await page.getByRole("link", { name: "Deutsch" }).click();
    await eventually(async () => (await page.locator("html").getAttribute("lang")) === "de", "the page in German");
    await page.getByRole("button", { name: "Paket folgen" }).waitFor();
    await page.goto(server.url);
    assert.equal(await page.locator("html").getAttribute("lang"), "de", "the choice is remembered");
    await page.screenshot({ path: join(screenshots, "landing-phone-de.png"), fullPage: true });
    await context.close();
  });

  test("the lookup page leads from tracking number and postal code to the journey", async () => {
    const { server, browser } = suite;
    const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(server.url);
    const trackingNumber = (await page.locator("a.demo-journey .tracking").first().textContent()).trim();
    const shipment = await (
      await fetch(`${server.url}/api/v1/shipments/${trackingNumber}`, {
        headers: { authorization: `Bearer ${server.apiKey}` },
      })
    ).json();
    const postalCode = shipment.destination.postal_code;
    await page.getByRole("link", { name: "Track a parcel" }).click();
    await page.waitForURL(/\/track$/);

    // A wrong postal code: the same calm answer as for a number that does not exist.
    await page.getByLabel("Tracking number").fill(trackingNumber);
    await page.getByLabel("Destination postal code").fill("00000");
    await page.getByRole("button", { name: "Find my parcel" }).click();
    await page.getByRole("alert").filter({ hasText: "couldn't find a parcel" }).waitFor();
    await page.screenshot({ path: join(screenshots, "track-not-found-phone.png"), fullPage: true });

    // Keyboard only: type, tab, type, Enter.
    await page.getByLabel("Tracking number").fill("");
    await page.getByLabel("Tracking number").focus();
    await page.keyboard.type(trackingNumber.toLowerCase());
    await page.keyboard.press("Tab");
    await page.keyboard.type(postalCode);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/t\/[A-Za-z0-9_-]{22}$/);
    assert.equal((await page.getByTestId("tracking-number").textContent()).trim(), trackingNumber);
    assert.deepEqual(errors, []);

    // The shopper reads for a few seconds and leaves: the seller sees the view and the time.
    await eventually(async () => (await page.getByTestId("live-status").textContent()).includes("Live"), "live badge");
    await page.waitForTimeout(3000);
    await page.goto("about:blank");
    const engagement = await eventually(async () => {
      const response = await fetch(`${server.url}/api/v1/shipments/${trackingNumber}`, {
        headers: { authorization: `Bearer ${server.apiKey}` },
      });
      const { engagement } = await response.json();
      return engagement.seconds_on_page >= 3 ? engagement : null;
    }, "the time on page to reach the seller");
    assert.ok(engagement.page_views >= 1);
    await context.close();
  });

  test("an unknown journey link shows a 404 page", async () => {
    const { server, browser } = suite;
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    const response = await page.goto(`${server.url}/t/AAAAAAAAAAAAAAAAAAAAAA`);
    assert.equal(response.status(), 404);
    await page.getByRole("heading", { name: "We can't find that journey" }).waitFor();
    await context.close();
  });
});
