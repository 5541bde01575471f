// The journey page's answers in Chromium, on a phone in English and on a desktop in Chinese:
// customs asking the shopper to act (then clearing live), a delivery with its proof, and a
// page that keeps every event through a server restart.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { api, contextOptions, eventually, openSuite, screenshots, VARIANTS, watchErrors } from "../support/harness.mjs";

const HOUR = 3_600_000;
const ago = (hours) => new Date(Date.now() - hours * HOUR).toISOString();
const digits = (n) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join("");

const SHANGHAI = { city: "Shanghai", country: "CN", lat: 31.23, lon: 121.47, time_zone: "Asia/Shanghai" };
const PVG = { city: "Shanghai", country: "CN", lat: 31.14, lon: 121.81, time_zone: "Asia/Shanghai" };
const FRA = { city: "Frankfurt am Main", country: "DE", lat: 50.04, lon: 8.56, time_zone: "Europe/Berlin" };
const FRANKFURT = { city: "Frankfurt am Main", country: "DE", lat: 50.11, lon: 8.68, time_zone: "Europe/Berlin" };

/** Shanghai → Frankfurt by air: Cainiao to the airport, Lufthansa Cargo, DHL Paket to the door. */
function shipment() {
  const air = `020${digits(8)}`;
  return {
    body: {
      shopper: { reference: `e2e-${digits(6)}` },
      origin: { city: "Shanghai", country: "CN", lat: 31.23, lon: 121.47 },
      destination: { city: "Frankfurt am Main", country: "DE", postal_code: "60311", lat: 50.11, lon: 8.68 },
      service: "express",
      legs: [
        { carrier: "cainiao", carrier_name: "Cainiao", tracking_number: `LP00${digits(12)}`, mode: "road",
          handoff: { city: "Shanghai Pudong", country: "CN", lat: 31.14, lon: 121.81 } },
        { carrier: "lufthansa-cargo", carrier_name: "Lufthansa Cargo", tracking_number: air, mode: "air",
          handoff: { city: "Frankfurt", country: "DE", lat: 50.04, lon: 8.56 } },
        { carrier: "dhl-paket", carrier_name: "DHL Paket", tracking_number: `00340434${digits(12)}`, mode: "courier" },
      ],
    },
    air,
  };
}

/** The journey to the destination airport, as its carriers scanned it. */
function outbound(air) {
  return [
    { code: "order_confirmed", occurred_at: ago(150), location: SHANGHAI, actor: "merchant" },
    { code: "packed", occurred_at: ago(140), location: SHANGHAI, actor: "warehouse" },
    { code: "carrier_received", occurred_at: ago(130), location: SHANGHAI,
      carrier: { carrier: "cainiao", tracking_number: "ignored" } },
    { code: "departed_origin", occurred_at: ago(100), location: PVG, description: "Departed on LH 8407",
      carrier: { carrier: "lufthansa-cargo", tracking_number: air } },
    { code: "arrived_destination", occurred_at: ago(86), location: FRA, description: "Arrived at Frankfurt",
      carrier: { carrier: "lufthansa-cargo", tracking_number: air } },
  ].map(({ carrier, ...event }) => (carrier?.tracking_number === "ignored" ? event : { ...event, carrier }));
}

describe("journey page states", () => {
  // A history of finished journeys, so the page has a delivery window to explain.
  const suite = openSuite({
    settings: { TREKPOST__DEMO__HISTORY_JOURNEYS: "1500" },
    ready: (server) => eventually(async () => server.log.join("").includes("wrote the demo shop's history"), "history", 60_000),
  });

  async function openJourney(variant, events) {
    const { server, browser } = suite;
    const { body, air } = shipment();
    const created = await api(server, "POST", "/shipments", body);
    for (const event of events(air)) {
      await api(server, "POST", `/shipments/${created.tracking_number}/events`, event);
    }
    const context = await browser.newContext({ ...contextOptions(variant), deviceScaleFactor: variant.isMobile ? 2 : 1 });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}${created.journey_path}`);
    await eventually(async () => (await page.getByTestId("live-status").getAttribute("class")).includes(" live"), "live");
    return { page, context, errors, number: created.tracking_number, air };
  }

  for (const variant of VARIANTS) {
    test(`${variant.name}: customs action stands out, then clears live`, async () => {
      const { server } = suite;
      const { page, context, errors, number, air } = await openJourney(variant, (air) => [
        ...outbound(air),
        { code: "customs_action_required", occurred_at: ago(60), location: FRA, actor: "customs",
          reason: "awaiting_payment", customer_action: "Pay €8.37 import VAT at dhl.de/zoll with your parcel number" },
      ]);
      const card = page.getByTestId("problem-card");
      assert.equal(await card.getAttribute("role"), "alert");
      assert.match(await card.getAttribute("class"), /action-required/);
      assert.match(await page.getByTestId("customer-action").textContent(), /€8\.37 import VAT/);
      assert.equal(await page.getByTestId("headline").getAttribute("data-code"), "customs_action_required");
      // A window from the lane's history, with its reason, and the new expected time on the card.
      assert.ok((await page.getByTestId("eta-why").textContent()).length > 40);
      assert.ok(await card.locator(".new-eta").isVisible());
      await eventually(async () => (await page.locator(".leg-label").count()) >= 1, "carrier labels on the map");
      await page.screenshot({ path: join(screenshots, `customs-action-${variant.name}.png`), fullPage: true });

      await api(server, "POST", `/shipments/${number}/events`, {
        code: "customs_cleared", occurred_at: ago(1), location: FRA, actor: "customs",
        carrier: { carrier: "lufthansa-cargo", tracking_number: air },
      });
      await eventually(async () => (await card.count()) === 0, "the card to go when customs clears");
      const progress = page.getByRole("progressbar");
      await eventually(async () => (await progress.getAttribute("aria-valuenow")) === "75", "customs cleared on the bar");
      assert.equal(await page.getByTestId("timeline-entry").first().getAttribute("data-code"), "customs_cleared");
      await page.screenshot({ path: join(screenshots, `customs-cleared-live-${variant.name}.png`), fullPage: true });
      assert.deepEqual(errors, []);
      await context.close();
    });

    test(`${variant.name}: a delivered journey shows its proof and pin`, async () => {
      const { page, context, errors } = await openJourney(variant, (air) => [
        ...outbound(air),
        { code: "customs_cleared", occurred_at: ago(70), location: FRA, actor: "customs" },
        { code: "out_for_delivery", occurred_at: ago(30), location: FRANKFURT,
          carrier: { carrier: "dhl-paket", tracking_number: "ignored" } },
        { code: "delivered", occurred_at: ago(26), location: FRANKFURT, actor: "last_mile",
          proof: { method: "neighbour", signed_by: "M. Weber", point: { lat: 50.1121, lon: 8.6853 } } },
      ].map(({ carrier, ...event }) => (carrier?.tracking_number === "ignored" ? event : { ...event, carrier })));
      const card = page.getByTestId("delivered-card");
      await card.waitFor();
      assert.match(await card.textContent(), /M\. Weber/);
      assert.equal(await page.getByRole("progressbar").getAttribute("aria-valuenow"), "100");
      await eventually(async () => (await page.locator(".delivery-pin").count()) === 1, "the delivery pin on the map");
      assert.equal(await page.getByTestId("eta").count(), 0, "no window once delivered");
      await page.screenshot({ path: join(screenshots, `delivered-proof-${variant.name}.png`), fullPage: true });
      assert.deepEqual(errors, []);
      await context.close();
    });

    test(`${variant.name}: after a server restart the page shows every event it missed`, async () => {
      const { server } = suite;
      const { page, context, errors, number, air } = await openJourney(variant, (air) => outbound(air).slice(0, 4));
      const badge = page.getByTestId("live-status");
      const restarted = server.restart(1500);
      await eventually(async () => (await badge.getAttribute("class")).includes("reconnecting"), "reconnecting", 15_000);
      await page.screenshot({ path: join(screenshots, `reconnecting-${variant.name}.png`) });
      await restarted;
      // Stored while the page is away (it retries with backoff): it must catch up on all of them.
      const missed = [
        { code: "arrived_destination", occurred_at: ago(3), location: FRA, carrier: { carrier: "lufthansa-cargo", tracking_number: air } },
        { code: "customs_held", occurred_at: ago(2), location: FRA, actor: "customs", reason: "duties_assessment" },
        { code: "customs_cleared", occurred_at: ago(1), location: FRA, actor: "customs" },
      ];
      for (const event of missed) await api(server, "POST", `/shipments/${number}/events`, event);
      await eventually(async () => (await badge.getAttribute("class")).includes(" live"), "live again", 60_000);
      const stored = (await api(server, "GET", `/shipments/${number}`)).events
        .filter((e) => e.code !== "position")
        .map((e) => String(e.id));
      await eventually(async () => {
        const shown = await page.getByTestId("timeline-entry").evaluateAll((els) => els.map((e) => e.dataset.id));
        return stored.every((id) => shown.includes(id));
      }, "every stored scan on the page", 15_000);
      assert.equal(await page.getByRole("progressbar").getAttribute("aria-valuenow"), "75");
      assert.equal(await page.getByTestId("problem-card").count(), 0, "the hold came and went while away");
      await page.screenshot({ path: join(screenshots, `reconnected-${variant.name}.png`), fullPage: true });
      // The browser logs the refused connections while the server is down; nothing else may fail.
      assert.deepEqual(errors.filter((e) => !e.includes("ERR_CONNECTION_REFUSED")), []);
      await context.close();
    });
  }
});
