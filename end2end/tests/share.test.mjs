// Sharing end to end: the shopper shares a journey the simulator is moving (share sheet or
// clipboard), earns the sharer badge live; a stranger opens the link in a fresh browser context,
// sees the public journey (no tracking number, no token) move live, and the 1200×630 card;
// the shopper stops sharing and the stranger's page closes, the link then answers 410.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  contextOptions,
  eventually,
  openShowcaseJourney,
  openSuite,
  screenshots,
  showcases,
  VARIANTS,
  watchErrors,
} from "../support/harness.mjs";

describe("sharing a journey", () => {
  const suite = openSuite(showcases(12_000));

  const tried = new Set();
  for (const variant of VARIANTS) test(`${variant.name}: share, open in a fresh context, watch it move, see the card, stop sharing`, async () => {
    const { server, browser } = suite;
    const options = contextOptions(variant);
    const shopper = await browser.newContext(options);
    await shopper.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    const page = await shopper.newPage();
    const errors = watchErrors(page);
    await openShowcaseJourney(server, page, { upTo: 60, skip: tried });
    const trackingNumber = (await page.getByTestId("tracking-number").innerText()).trim();
    const token = new URL(page.url()).pathname.split("/")[2];

    // Share: the link appears, and is handed to the share sheet or copied.
    const button = page.getByTestId("share-button");
    await button.scrollIntoViewIfNeeded();
    await button.click();
    const input = page.getByTestId("share-url");
    await input.waitFor();
    const link = await input.inputValue();
    assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/s\/[A-Za-z0-9_-]{22}$/);
    const status = await eventually(async () => (await page.getByTestId("share-status").innerText()).trim(), "the share status");
    if (/copied|已复制/i.test(status)) {
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link, "the clipboard holds the link");
    }
    assert.match(await page.getByTestId("download-card").getAttribute("href"), /\/s\/[A-Za-z0-9_-]{22}\/card\.png$/);
    // Sharing earns the sharer badge, live on the shopper's page.
    const sharer = page.locator('li.badge[data-badge="sharer"]');
    await eventually(async () => /on-this-journey/.test(await sharer.getAttribute("class")), "the sharer badge");
    const preview = page.getByTestId("card-preview");
    await preview.scrollIntoViewIfNeeded();
    await eventually(async () => preview.evaluate((img) => img.complete && img.naturalWidth === 1200), "the card preview");
    await page.getByTestId("share-status").scrollIntoViewIfNeeded();
    await page.locator(".share-panel").screenshot({ path: join(screenshots, `share-panel-${variant.name}.png`) });

    // A stranger: a fresh context (no cookies, no token) opens the link.
    const stranger = await browser.newContext(options);
    const publicPage = await stranger.newPage();
    const publicErrors = watchErrors(publicPage);
    const response = await publicPage.goto(link);
    assert.equal(response.status(), 200);
    await publicPage.getByTestId("shared-journey").waitFor();
    await eventually(async () => (await publicPage.getByTestId("live-status").getAttribute("class")).includes(" live"), "the share page live");
    const html = await publicPage.content();
    assert.ok(!html.includes(trackingNumber), "no tracking number on the share page");
    assert.ok(!html.includes(token), "no journey token on the share page");
    const ogImage = await publicPage.locator('meta[property="og:image"]').getAttribute("content");
    assert.equal(ogImage, `${link}/card.png`);
    assert.equal(await publicPage.locator('meta[name="twitter:card"]').getAttribute("content"), "summary_large_image");
    await publicPage.screenshot({ path: join(screenshots, `share-page-${variant.name}.png`), fullPage: true });

    // Live: the public page follows the parcel as the simulator moves it (the next milestone,
    // or the marker to the parcel's next city-level position while it waits at customs).
    const progress = publicPage.getByRole("progressbar");
    const marker = publicPage.locator(".parcel-marker");
    const where = async () =>
      [await progress.getAttribute("aria-valuenow"), (await marker.count()) ? await marker.first().getAttribute("style") : ""].join(" ");
    const before = await where();
    await eventually(async () => (await where()) !== before, "the share page to move", 150_000);
    await publicPage.waitForTimeout(800);
    await publicPage.screenshot({ path: join(screenshots, `share-page-moved-${variant.name}.png`), fullPage: true });

    // The card: a PNG of 1200×630, saved as the social networks would fetch it.
    const cardPage = await stranger.newPage();
    const card = await cardPage.goto(ogImage);
    assert.equal(card.status(), 200);
    assert.equal(card.headers()["content-type"], "image/png");
    writeFileSync(join(screenshots, `share-card-${variant.name}.png`), await card.body());
    const size = await cardPage.evaluate(() => [document.images[0].naturalWidth, document.images[0].naturalHeight]);
    assert.deepEqual(size, [1200, 630]);
    await cardPage.close();

    // Stop sharing: the open public page is told at once, and the link answers 410.
    const stop = page.getByTestId("stop-sharing");
    await stop.scrollIntoViewIfNeeded();
    await stop.click();
    await eventually(async () => !(await page.getByTestId("share-url").count()), "the link to go from the panel");
    await publicPage.locator(".share-gone-live").waitFor({ timeout: 15_000 });
    const gone = await publicPage.goto(link);
    assert.equal(gone.status(), 410);
    await publicPage.getByTestId("share-gone").waitFor();
    await publicPage.screenshot({ path: join(screenshots, `share-gone-${variant.name}.png`) });
    assert.equal((await fetch(ogImage)).status, 410);

    assert.deepEqual(errors, []);
    // The 410 page logs its own status as a console error; nothing else may.
    assert.deepEqual(publicErrors.filter((e) => !/410/.test(e)), []);
    await stranger.close();
    await shopper.close();
  });
});
