// The seller console in Chromium, on a phone in English and on a desktop in Chinese: sign in
// as the demo owner (whose sign-in the first start prints once) with the keyboard, see what
// needs attention (the simulator's parcel held at customs for its duties, with the words its
// shopper reads), open that shopper's page, add an event by hand, replay a dead letter, import
// a CSV file (its progress and its refused rows), change the brand colour, the logo and a
// reward rule and see the journey page wear them, make and revoke an API key (the API refuses
// it at once), sign out. Every page passes axe-core's WCAG 2 A/AA rules.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { accessibilityViolations, api, contextOptions, eventually, openSuite, screenshots, VARIANTS, watchErrors } from "../support/harness.mjs";

const HOUR = 3_600_000;
const ago = (hours) => new Date(Date.now() - hours * HOUR).toISOString();
const digits = (n) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join("");
const FRA = { city: "Frankfurt am Main", country: "DE", lat: 50.04, lon: 8.56, time_zone: "Europe/Berlin" };

/** One transparent pixel: the smallest PNG, for a logo. */
const PIXEL_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGMAAQAABQABDQottAAAAABJRU5ErkJggg==", "base64");

/** A parcel held at Frankfurt customs until its shopper pays the import VAT. */
async function heldAtCustoms(server) {
  const created = await api(server, "POST", "/shipments", {
    shopper: { reference: `e2e-${digits(6)}` },
    origin: { city: "Shanghai", country: "CN", lat: 31.23, lon: 121.47 },
    destination: { city: "Frankfurt am Main", country: "DE", postal_code: "60311", lat: 50.11, lon: 8.68 },
    order_ref: `ORD-${digits(5)}`,
  });
  for (const event of [
    { code: "carrier_received", occurred_at: ago(120), location: { city: "Shanghai", country: "CN", lat: 31.23, lon: 121.47 } },
    { code: "arrived_destination", occurred_at: ago(70), location: FRA },
    { code: "customs_action_required", occurred_at: ago(50), location: FRA, actor: "customs",
      reason: "awaiting_payment", customer_action: "Pay €8.37 import VAT at dhl.de/zoll" },
  ]) {
    await api(server, "POST", `/shipments/${created.tracking_number}/events`, event);
  }
  return { number: created.tracking_number, path: created.journey_path };
}

describe("seller console", () => {
  const suite = openSuite();

  /** The demo owner's sign-in, as the server printed it at its first start. */
  function demoOwner(server) {
    const line = server.log.join("").match(/console sign-in for the demo shop: (\S+) \/ (\S+)/);
    assert.ok(line, "the first start prints the demo owner's sign-in");
    return { email: line[1], password: line[2] };
  }

  /** Waits until the console page in view is hydrated (its forms then post as server functions). */
  async function hydrated(page) {
    await page.locator(".console[data-hydrated]").waitFor();
  }

  async function audit(page, what) {
    assert.deepEqual(await accessibilityViolations(page), [], `${what}: axe WCAG 2 A/AA`);
  }

  for (const variant of VARIANTS) {
    test(`${variant.name}: sign in, what needs attention, keys, sign out`, async () => {
      const { server, browser } = suite;
      const { number: held, path: heldPage } = await heldAtCustoms(server);
      const context = await browser.newContext({ ...contextOptions(variant), deviceScaleFactor: variant.isMobile ? 2 : 1 });
      const page = await context.newPage();
      const errors = watchErrors(page);

      // Signed out, the console sends to its sign-in page; sign in with the keyboard alone.
      await page.goto(`${server.url}/console`);
      assert.match(page.url(), /\/console\/sign-in\?next=%2Fconsole$/);
      await audit(page, "sign-in");
      await page.screenshot({ path: join(screenshots, `console-sign-in-${variant.name}.png`), fullPage: true });
      await page.locator("#sign-in-email").focus();
      const owner = demoOwner(server);
      await page.keyboard.type(owner.email);
      await page.keyboard.press("Tab");
      await page.keyboard.type(owner.password);
      await Promise.all([page.waitForURL(`${server.url}/console`), page.keyboard.press("Enter")]);
      await hydrated(page);

      // Needs attention: the API's customs hold is there with the shopper's words, and so is the
      // simulator's parcel waiting for its duties.
      const item = page.locator(`[data-testid="attention-item"][data-tracking="${held}"]`);
      await item.waitFor();
      assert.match(await item.getAttribute("class"), /customs_action/);
      assert.match(await item.textContent(), /€8\.37 import VAT/);
      const chip = page.locator('.attention-kinds a[data-kind="customs_action"]');
      assert.ok(Number(await chip.locator(".count").textContent()) >= 2);
      await chip.click();
      await page.waitForURL(/kind=customs_action/);
      await item.waitFor();
      assert.equal(await page.locator('[data-testid="attention-item"]:not(.customs_action)').count(), 0, "filtered");
      const simulated = page.getByTestId("attention-item").filter({ hasText: "DEMO-" });
      assert.equal(await simulated.count(), 1, "the simulator's parcel held for its duties");
      await audit(page, "needs attention");
      await page.screenshot({ path: join(screenshots, `console-attention-${variant.name}.png`), fullPage: true });

      // Its shopper's page opens from the list, with what the shopper must do.
      await Promise.all([page.waitForURL(/\/t\//), simulated.locator(".open-journey button").click()]);
      await page.getByTestId("problem-card").waitFor();
      assert.ok((await page.getByTestId("customer-action").textContent()).trim().length > 0);
      await page.goBack();

      // The shipment's own page: every event with its source; one added by hand, checked as the
      // API checks it.
      await page.goto(`${server.url}/console/shipments?q=${held}`);
      await hydrated(page);
      await Promise.all([page.waitForURL(new RegExp(`/console/shipments/${held}$`)),
        page.getByTestId("found-shipments").getByRole("link", { name: held }).click()]);
      const events = page.getByTestId("console-event");
      await eventually(async () => (await events.count()) === 3, "the three events");
      await page.locator("#event-code").selectOption("customs_cleared");
      await page.locator("#event-city").fill("Frankfurt am Main");
      await page.locator("#event-country").fill("DE");
      // A week ahead of the server's clock: refused as the API refuses it.
      const ahead = new Date(Date.now() + 7 * 24 * HOUR).toISOString().slice(0, 16);
      const now = new Date().toISOString().slice(0, 16);
      await page.locator("#event-at").fill(ahead);
      await page.getByTestId("add-event").click();
      const outcome = page.getByTestId("event-outcome");
      await eventually(async () => (await outcome.getAttribute("data-field")) === "occurred_at", "the refusal");
      assert.equal(await events.count(), 3, "nothing stored");
      await page.locator("#event-at").fill(now);
      await page.getByTestId("add-event").click();
      await eventually(async () => (await events.count()) === 4, "the event added");
      assert.equal(await events.first().getAttribute("data-code"), "customs_cleared");
      await audit(page, "shipment");
      await page.screenshot({ path: join(screenshots, `console-shipment-${variant.name}.png`), fullPage: true });

      // Users (owners): a colleague added gets a first password, shown once.
      await page.goto(`${server.url}/console/users`);
      await hydrated(page);
      const colleague = `staff-${variant.name}@demo.example`;
      await page.locator("#user-email").fill(colleague);
      await page.locator("#user-role").selectOption("staff");
      await page.locator("form.console-form button[type=submit]").click();
      assert.equal((await page.getByTestId("new-password").textContent()).trim().length, 24);
      await page.locator(`[data-testid="user-row"][data-email="${colleague}"]`).waitFor();
      await audit(page, "users");
      await page.screenshot({ path: join(screenshots, `console-users-${variant.name}.png`), fullPage: true });

      // Refused data: a scan for a leg no shipment had is kept; once the shipment exists, replay it.
      const leg = `LEG${digits(10)}`;
      const refused = await fetch(`${server.url}/api/v1/shipments/${leg}/events`, {
        method: "POST",
        headers: { authorization: `Bearer ${server.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ code: "departed_origin", occurred_at: ago(5), location: { city: "Shanghai", country: "CN" } }),
      });
      assert.equal(refused.status, 404);
      await page.goto(`${server.url}/console/dead-letters`);
      await hydrated(page);
      const letter = page.getByTestId("dead-letter").filter({ hasText: leg });
      await letter.waitFor();
      await api(server, "POST", "/shipments", {
        shopper: { reference: `e2e-${digits(6)}` },
        origin: { city: "Shanghai", country: "CN", lat: 31.23, lon: 121.47 },
        destination: { city: "Frankfurt am Main", country: "DE", postal_code: "60311", lat: 50.11, lon: 8.68 },
        legs: [{ carrier: "cainiao", tracking_number: leg, mode: "air" }],
      });
      await letter.getByTestId("replay").click();
      await eventually(async () => (await page.getByTestId("replay-outcome").getAttribute("data-outcome")) === "accepted", "the replay");
      await eventually(async () => (await letter.getAttribute("data-replayed")) === "true", "marked replayed");
      await audit(page, "refused data");
      await page.screenshot({ path: join(screenshots, `console-dead-letters-${variant.name}.png`), fullPage: true });

      // A CSV import: two good rows and two refused ones, each named with its line and column;
      // nothing is written until asked to import the valid rows anyway.
      const csvFile = join(mkdtempSync(join(tmpdir(), "trekpost-import-")), "scans.csv");
      writeFileSync(csvFile, [
        "shipment,code,occurred_at,city,country",
        `${held},in_transit,${ago(40)},Frankfurt am Main,DE`,
        `NOPE${digits(8)},in_transit,${ago(30)},Frankfurt am Main,DE`,
        `${held},teleported,${ago(20)},Frankfurt am Main,DE`,
        `${held},in_transit,${ago(10)},Frankfurt am Main,DE`,
      ].join("\n") + "\n");
      await page.goto(`${server.url}/console/import`);
      await hydrated(page);
      await page.locator("#import-kind-events").check();
      await page.locator("#import-file").setInputFiles(csvFile);
      await page.getByTestId("import-start").click();
      const report = page.getByTestId("import-report");
      await report.waitFor();
      const bar = page.locator("#import-bar");
      assert.equal(await bar.getAttribute("value"), await bar.getAttribute("max"), "the bar is full when done");
      assert.equal(await page.getByTestId("import-progress").getAttribute("data-phase"), "done");
      const refusedLines = await page.locator('[data-testid="import-errors"] tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.line));
      assert.deepEqual(refusedLines, ["3", "4"]);
      assert.equal(await report.getAttribute("data-imported"), "0", "nothing written while rows are wrong");
      await audit(page, "import");
      await page.screenshot({ path: join(screenshots, `console-import-${variant.name}.png`), fullPage: true });
      await page.locator("#import-skip").check();
      await page.getByTestId("import-start").click();
      await eventually(async () => (await report.getAttribute("data-imported")) === "2", "the valid rows imported");

      // The shopper's page: a new colour, a logo and a richer reward, previewed, then saved
      // and worn by the shopper's page.
      await page.goto(`${server.url}/console/design`);
      await hydrated(page);
      await page.getByTestId("brand-colour").fill("#ffd700");
      await page.locator("#brand-colour-contrast.warn").waitFor();
      await page.getByTestId("brand-colour").fill("#7c3aed");
      await page.locator("#brand-colour-contrast:not(.warn)").waitFor();
      await page.locator("#logo-file").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: PIXEL_PNG });
      await page.getByTestId("logo-upload").click();
      await page.getByTestId("logo-current").waitFor();
      // The shop's own coupon codes, in a pool a coupon rule can hand out.
      await page.locator(".coupon-pools summary").click();
      const poolName = `e2e-${variant.name}`;
      await page.locator("#pool-name").fill(poolName);
      await page.locator("#pool-codes").fill(`${poolName.toUpperCase()}-0001\n${poolName.toUpperCase()}-0002`);
      await page.getByTestId("add-codes").click();
      await page.locator(`[data-testid="coupon-pools"] li[data-pool="${poolName}"][data-left="2"]`).waitFor();
      const couponRule = page.locator('[data-testid="rule"][data-rule="customs-coupon-loyal"]');
      await couponRule.locator("summary").click();
      await couponRule.getByTestId("rule-pool").selectOption(poolName);
      const rule = page.locator('[data-testid="rule"][data-rule="out-for-delivery-points"]');
      await rule.locator("summary").click();
      await rule.locator('input[type="number"]').fill("75");
      await rule.locator('input[type="number"]').press("Tab");
      assert.ok(await rule.locator("details").evaluate((d) => d.open), "an edit keeps its rule open");
      const preview = page.frameLocator('[data-testid="design-preview"]');
      await eventually(async () => /#7c3aed/.test(await preview.locator("article.journey").getAttribute("style") ?? ""), "the preview wears the draft", 15_000);
      await preview.locator('[data-testid="rewards-ahead"] li[data-milestone="out_for_delivery"]').filter({ hasText: "75" }).waitFor();
      await audit(page, "shopper's page design");
      // The form scrolls; the preview stays beside it on a desktop: the screen as the seller sees it.
      await rule.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(screenshots, `console-design-${variant.name}.png`) });
      await page.getByTestId("design-save").click();
      await page.getByTestId("design-saved").waitFor();
      await page.locator('[data-testid="design-history"] li').first().filter({ hasText: owner.email }).waitFor();
      const journeyPage = await context.newPage();
      await journeyPage.goto(`${server.url}${heldPage}`);
      await journeyPage.getByTestId("shop-logo").waitFor();
      assert.match(await journeyPage.locator("article.journey").getAttribute("style"), /--brand: #7c3aed/);
      const reward = journeyPage.locator('[data-testid="rewards-ahead"] li[data-milestone="out_for_delivery"]');
      assert.match(await reward.textContent(), /75/, "the changed rule, ahead on the shopper's page");
      assert.deepEqual(await accessibilityViolations(journeyPage), [], "the branded journey page: axe WCAG 2 A/AA");
      await journeyPage.screenshot({ path: join(screenshots, `console-branded-journey-${variant.name}.png`), fullPage: true });
      await journeyPage.close();

      // Webhooks (owners): the address to paste into each aggregator, and its secret.
      await page.goto(`${server.url}/console/webhooks`);
      await hydrated(page);
      const easypost = page.locator('[data-testid="webhook"][data-aggregator="easypost"]');
      assert.equal((await easypost.getByTestId("webhook-endpoint").textContent()).trim(),
        `${server.url}/api/v1/webhooks/demo/easypost`);
      await easypost.locator("input[name=secret]").fill(`whsec_${variant.name}_0123456789`);
      await easypost.locator("button[type=submit]").click();
      await easypost.getByTestId("secret-saved").waitFor();
      await audit(page, "webhooks");
      await page.screenshot({ path: join(screenshots, `console-webhooks-${variant.name}.png`), fullPage: true });

      // API keys: one made (shown once) works on the API; revoked, it is refused at once.
      await page.goto(`${server.url}/console/keys`);
      await hydrated(page);
      await page.getByTestId("create-key").click();
      const key = (await page.getByTestId("new-key").textContent()).trim();
      assert.match(key, /^tpk_/);
      const useKey = () => fetch(`${server.url}/api/v1/api-keys`, { headers: { authorization: `Bearer ${key}` } });
      assert.equal((await useKey()).status, 200);
      const prefix = key.split("_")[1];
      const row = page.locator(`[data-testid="key-row"][data-prefix="${prefix}"]`);
      await row.waitFor();
      await audit(page, "API keys");
      await page.screenshot({ path: join(screenshots, `console-keys-${variant.name}.png`), fullPage: true });
      await row.locator("button.danger").click();
      await page.getByTestId("key-revoked").waitFor();
      assert.equal((await useKey()).status, 401, "revoked in the console, refused by the API");

      // Account, then sign out: the console is closed again.
      await page.goto(`${server.url}/console/account`);
      await hydrated(page);
      await audit(page, "account");
      await Promise.all([page.waitForURL(/result=signed-out/), page.locator(".sign-out button").click()]);
      assert.ok(await page.getByTestId("sign-in-message").isVisible());
      await page.goto(`${server.url}/console`);
      assert.match(page.url(), /\/console\/sign-in/);
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
});
