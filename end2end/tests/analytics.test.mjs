// The seller's WISMO measures in Chromium, on a phone in English and on a desktop in Chinese:
// a shopper whose parcel was just delivered asks "where is my parcel?", passes the question
// on to the shop, reports a problem and rates the delivery and the tracking; the console's
// contacts and disputes charts count them, and the customs dwell drill-down of their lane
// lists the order; carrier and lane performance shows the lane, worst lanes of the demo
// history first; the feedback analysis counts the rating and files the comment under its theme.
// Every page passes axe-core's WCAG 2 A/AA rules.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { accessibilityViolations, api, contextOptions, eventually, openSuite, screenshots, VARIANTS, watchErrors } from "../support/harness.mjs";

const HOUR = 3_600_000;
const digits = (n) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join("");
const SHENZHEN = { city: "Shenzhen", country: "CN", lat: 22.54, lon: 114.06 };
const MADRID = { city: "Madrid", country: "ES", lat: 40.42, lon: -3.7 };

/** Hours since this week's Monday 00:00 UTC: the dashboard's weeks are Monday to Sunday. */
function hoursIntoWeek() {
  const now = new Date();
  const monday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - ((now.getUTCDay() + 6) % 7));
  return (now.getTime() - monday) / HOUR;
}

/**
 * A Shenzhen → Madrid order placed, cleared through customs and delivered inside this week
 * (so it is counted in the week the dashboard shows last), by a carrier of its own so the test
 * can filter by it.
 */
async function deliveredThisWeek(server, carrier) {
  const span = Math.min(100, hoursIntoWeek() - 0.2);
  const at = (fraction) => new Date(Date.now() - span * fraction * HOUR).toISOString();
  const created = await api(server, "POST", "/shipments", {
    order_ref: `ORD-${digits(6)}`,
    shopper: { reference: `e2e-${digits(6)}` },
    origin: { city: "Shenzhen", country: "CN", lat: 22.54, lon: 114.06 },
    destination: { city: "Madrid", country: "ES", postal_code: "28013", lat: 40.42, lon: -3.7 },
    legs: [{ carrier, carrier_name: "E2E Courier", tracking_number: `E2E${digits(12)}`, mode: "courier" }],
  });
  for (const event of [
    { code: "order_confirmed", occurred_at: at(1), location: SHENZHEN, actor: "merchant" },
    { code: "carrier_received", occurred_at: at(0.9), location: SHENZHEN },
    { code: "arrived_destination", occurred_at: at(0.5), location: MADRID },
    { code: "customs_cleared", occurred_at: at(0.2), location: MADRID },
    { code: "out_for_delivery", occurred_at: at(0.05), location: MADRID },
    { code: "delivered", occurred_at: at(0.02), location: MADRID, actor: "last_mile",
      proof: { method: "neighbour", signed_by: "A. García", point: { lat: 40.4168, lon: -3.7038 } } },
  ]) {
    await api(server, "POST", `/shipments/${created.tracking_number}/events`, event);
  }
  return { number: created.tracking_number, path: created.journey_path };
}

describe("seller analytics", () => {
  const suite = openSuite({
    settings: { TREKPOST__DEMO__HISTORY_JOURNEYS: "400" },
    ready: (server) => eventually(async () => server.log.join("").includes("wrote the demo shop's history"), "history", 90_000),
  });

  function demoOwner(server) {
    const line = server.log.join("").match(/console sign-in for the demo shop: (\S+) \/ (\S+)/);
    assert.ok(line, "the first start prints the demo owner's sign-in");
    return { email: line[1], password: line[2] };
  }

  async function audit(page, what) {
    assert.deepEqual(await accessibilityViolations(page), [], `${what}: axe WCAG 2 A/AA`);
  }

  /** The "3 / 120" a measure's latest week was counted from, in its table. */
  async function latestCounted(page, measure) {
    const row = page.locator(`article[data-measure="${measure}"] tbody tr`).first();
    const [n, of] = (await row.locator("td").nth(1).textContent()).split("/").map((s) => Number(s.trim()));
    return { n, of };
  }

  for (const variant of VARIANTS) {
    test(`${variant.name}: a shopper's question, problem and rating reach the seller's measures`, async () => {
      const { server, browser } = suite;
      const carrier = `e2e-${variant.name}`;
      const parcel = await deliveredThisWeek(server, carrier);
      const context = await browser.newContext({ ...contextOptions(variant), deviceScaleFactor: variant.isMobile ? 2 : 1 });
      const seller = await context.newPage();
      const errors = watchErrors(seller);

      // The seller signs in and opens the measures, filtered to this test's carrier.
      await seller.goto(`${server.url}/console/sign-in`);
      const owner = demoOwner(server);
      await seller.locator("#sign-in-email").fill(owner.email);
      await seller.locator("#sign-in-password").fill(owner.password);
      await Promise.all([seller.waitForURL(`${server.url}/console`), seller.locator("#sign-in-password").press("Enter")]);
      const dashboard = `${server.url}/console/analytics?carrier=${encodeURIComponent(carrier)}`;
      await seller.goto(dashboard);
      await seller.locator('article[data-measure="contacts"] svg[role="img"]').waitFor();
      assert.deepEqual(await latestCounted(seller, "contacts"), { n: 0, of: 1 }, "one order this week, no contact yet");
      assert.deepEqual(await latestCounted(seller, "disputes"), { n: 0, of: 1 }, "one delivered, no dispute yet");
      const chartBefore = await seller.locator("#chart-contacts-desc").textContent();

      // The shopper asks where the parcel is, reads the answer, passes it on; reports a problem; rates.
      const shopper = await context.newPage();
      const shopperErrors = watchErrors(shopper);
      await shopper.goto(new URL(parcel.path, server.url).href);
      await eventually(async () => (await shopper.getByTestId("live-status").getAttribute("class")).includes(" live"), "live");
      await shopper.getByTestId("help-open").click();
      await shopper.locator('.help-choice[data-category="where_is_it"]').click();
      await shopper.getByTestId("help-answer").waitFor();
      assert.match(await shopper.getByTestId("help-answer").textContent(), /\S/);
      await shopper.getByTestId("help-pass-on").click();
      await shopper.getByTestId("help-passed").waitFor();
      await shopper.getByTestId("problem-open").click();
      await shopper.locator('input[name="problem-reason"][value="damaged"]').check();
      await shopper.locator(".problem-form textarea").fill("La caja llegó aplastada.");
      await shopper.getByTestId("problem-send").click();
      await shopper.getByTestId("problem-filed").waitFor();
      // A star is its label (the radio inside is for keyboards and screen readers).
      await shopper.locator('[data-rating="delivery"] label.star:has(input[data-stars="4"])').click();
      await shopper.locator('[data-rating="tracking"] label.star:has(input[data-stars="2"])').click();
      assert.ok(await shopper.locator('[data-rating="tracking"] input[data-stars="2"]').isChecked());
      await shopper.locator('.rate-tags input[value="missing_updates"]').check();
      await shopper.getByTestId("rate-comment").fill("No updates for days while it crossed to Spain.");
      await shopper.getByTestId("rate-send").click();
      await shopper.getByTestId("rated").waitFor();
      assert.deepEqual(await accessibilityViolations(shopper), [], "journey page with help: axe WCAG 2 A/AA");
      await shopper.locator('[data-testid="help"]').scrollIntoViewIfNeeded();
      await shopper.screenshot({ path: join(screenshots, `journey-help-${variant.name}.png`), fullPage: true });
      assert.deepEqual(shopperErrors, [], "no errors on the journey page");

      // The seller's charts count the contact and the dispute.
      await seller.goto(dashboard);
      await seller.locator('article[data-measure="contacts"] svg[role="img"]').waitFor();
      assert.deepEqual(await latestCounted(seller, "contacts"), { n: 1, of: 1 });
      assert.deepEqual(await latestCounted(seller, "disputes"), { n: 1, of: 1 });
      assert.equal(await seller.getByTestId("now-contacts").getAttribute("data-value"), "1000", "1 contact per order");
      assert.notEqual(await seller.locator("#chart-contacts-desc").textContent(), chartBefore, "the chart was redrawn");
      await audit(seller, "WISMO dashboard");
      await seller.screenshot({ path: join(screenshots, `console-analytics-${variant.name}.png`), fullPage: true });

      // Customs dwell on the lane, drilled down to the orders behind it.
      const lane = seller.locator('tr[data-lane="CN-ES"] [data-testid="lane-orders"]');
      await Promise.all([seller.waitForURL(/\/console\/analytics\/orders\?/), lane.click()]);
      await seller.getByTestId("order-behind").first().waitFor();
      const listed = await seller.getByTestId("order-behind").allTextContents();
      assert.ok(listed.some((row) => row.includes(parcel.number)), `${parcel.number} in ${listed}`);
      await audit(seller, "orders behind");
      await seller.screenshot({ path: join(screenshots, `console-analytics-orders-${variant.name}.png`), fullPage: true });
      // From there to the shipment's page.
      await Promise.all([seller.waitForURL(new RegExp(`/console/shipments/${parcel.number}$`)), seller.getByRole("link", { name: parcel.number }).click()]);

      // Carrier and lane performance for this carrier: its one lane, delivered at the first
      // attempt, cleared through Spanish customs; the lane's row leads to its WISMO measures.
      await seller.goto(`${server.url}/console/analytics/performance?carrier=${encodeURIComponent(carrier)}`);
      const row = seller.locator(`tr[data-testid="performance-lane"][data-lane="CN-ES"][data-carrier="${carrier}"]`);
      await row.waitFor();
      assert.equal(await seller.getByTestId("performance-lane").count(), 1, "only this carrier's lane");
      const cells = await row.locator("td").allTextContents();
      assert.deepEqual(cells.slice(0, 2).map(Number), [1, 1], "one order, delivered");
      assert.equal(cells[5].trim(), "100 %", "delivered at the first attempt");
      await seller.locator('tr[data-testid="customs-country"][data-country="ES"]').waitFor();
      await seller.locator(`svg[aria-labelledby^="chart-transit-title"]`).waitFor();
      await audit(seller, "carrier and lane performance, one carrier");
      await Promise.all([seller.waitForURL(/\/console\/analytics\?/), row.locator("a").click()]);
      assert.match(seller.url(), new RegExp(`lane=CN-ES.*carrier=${carrier}`));
      await seller.locator('article[data-measure="contacts"] svg[role="img"]').waitFor();

      // Every lane of the demo history, worst first.
      await seller.goto(`${server.url}/console/analytics/performance`);
      await seller.locator(`svg[aria-labelledby^="chart-on-time-title"]`).waitFor();
      await seller.locator(`svg[aria-labelledby^="chart-problems-title"]`).waitFor();
      await seller.locator(`svg[aria-labelledby^="chart-customs-title"]`).waitFor();
      assert.ok((await seller.getByTestId("performance-lane").count()) > 3, "the history's lanes");
      await audit(seller, "carrier and lane performance");
      await seller.screenshot({ path: join(screenshots, `console-performance-${variant.name}.png`), fullPage: true });

      // The shopper's rating and comment in the feedback analysis of this carrier: tracking
      // rated 2, the comment tagged "no updates" and shown as an example linked to its shipment.
      await seller.goto(`${server.url}/console/analytics/feedback?carrier=${encodeURIComponent(carrier)}`);
      const rated = seller.locator(`tr[data-testid="rated-lane"][data-lane="CN-ES"][data-carrier="${carrier}"]`);
      await rated.waitFor();
      assert.equal((await rated.getByTestId("tracking-mean").textContent()).trim(), "2.0");
      const silence = seller.locator('section.theme-examples[data-theme="silence"]');
      await silence.waitFor();
      assert.match(await silence.textContent(), /No updates for days while it crossed to Spain\./);
      assert.equal(await silence.getByRole("link", { name: parcel.number }).count(), 1, "the example links to its shipment");
      assert.match(await seller.getByTestId("feedback-export").getAttribute("href"), new RegExp(`feedback\\.csv\\?carrier=${carrier}`));
      await audit(seller, "shopper feedback, one carrier");

      // All the demo history's ratings and comments, in four languages.
      await seller.goto(`${server.url}/console/analytics/feedback`);
      await seller.locator(`svg[aria-labelledby^="chart-tracking-stars-title"]`).waitFor();
      await seller.locator(`svg[aria-labelledby^="chart-themes-title"]`).waitFor();
      assert.ok((await seller.getByTestId("theme-example").count()) >= 6, "examples of several themes");
      await audit(seller, "shopper feedback");
      await seller.screenshot({ path: join(screenshots, `console-feedback-${variant.name}.png`), fullPage: true });

      // Engagement of this carrier's one order: its page was opened and rated.
      await seller.goto(`${server.url}/console/analytics/engagement?carrier=${encodeURIComponent(carrier)}`);
      const figures = seller.getByTestId("engagement-figures");
      await figures.waitFor();
      const funnel = await figures.locator('[data-figure="funnel"] dd').allTextContents();
      assert.match(funnel[0], /^100 %/, `opened: ${funnel}`);
      assert.match(funnel[3], /^100 %/, `rated: ${funnel}`);
      await seller.locator(`svg[aria-labelledby^="chart-funnel-title"]`).waitFor();
      await audit(seller, "engagement, one carrier");
      await seller.goto(`${server.url}/console/analytics/engagement`);
      await seller.locator(`svg[aria-labelledby^="chart-views-title"]`).waitFor();
      await audit(seller, "engagement");
      await seller.screenshot({ path: join(screenshots, `console-engagement-${variant.name}.png`), fullPage: true });

      // The full dashboard, with the demo history's contacts, disputes and ratings.
      await seller.goto(`${server.url}/console/analytics`);
      await seller.locator('article[data-measure="first_scan"] svg rect').first().waitFor();
      await audit(seller, "WISMO dashboard, all orders");
      await seller.screenshot({ path: join(screenshots, `console-analytics-all-${variant.name}.png`), fullPage: true });
      assert.deepEqual(errors, [], "no errors in the console");
      await context.close();
    });
  }
});
