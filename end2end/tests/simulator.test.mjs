// The simulator drives a demo journey live: the marker crosses the map and the milestones
// fill in, with nothing but the simulator feeding the page.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { api, contextOptions, eventually, openSuite, screenshots, showcases, VARIANTS, watchErrors } from "../support/harness.mjs";

describe("simulated live journeys", () => {
  // Showcase journeys at 20,000× real time: a week's journey plays in about half a minute; wait
  // for all three, and a few of their events.
  const suite = openSuite(showcases(20_000, { settleMs: 1000 }));

  for (const variant of VARIANTS) test(`${variant.name}: a demo journey moves across the map and through its milestones as the simulator plays it`, async () => {
    const { server, browser } = suite;
    const context = await browser.newContext(contextOptions(variant));
    const page = await context.newPage();
    const errors = watchErrors(page);

    // The landing page lists the journeys in motion; open the showcase (a fast-forwarded
    // `LIVE-` order; the demo shop's own orders move in real time) least far along that goes by
    // air or road: a sea crossing takes weeks, minutes even at this speed. Only one not yet
    // arrived (under 50 %): after arrival the parcel moves within one city, a few pixels on
    // this map, and a wait for it to move would be a wait for luck.
    const links = page.locator("a.demo-journey");
    const earliest = await eventually(
      async () => {
        await page.goto(server.url);
        await links.first().waitFor();
        let best = null;
        for (let i = 0; i < Math.min(6, await links.count()); i++) {
          const percent = Number((await links.nth(i).locator(".stage").textContent()).match(/(\d+)%/)[1]);
          const number = (await links.nth(i).locator(".tracking").textContent()).trim();
          const shipment = await api(server, "GET", `/shipments/${number}`);
          const bySea = shipment.legs.some((leg) => leg.mode === "ocean");
          if (!shipment.order_ref?.startsWith("LIVE-") || bySea || percent >= 50) continue;
          if (best === null || percent < best.percent) best = { index: i, percent };
        }
        return best;
      },
      "a showcase journey by air or road",
      90_000,
    );
    await page.screenshot({ path: join(screenshots, `simulator-landing-${variant.name}.png`), fullPage: true });
    await links.nth(earliest.index).click();
    await page.waitForURL(/\/t\/[A-Za-z0-9_-]{22}$/);

    await eventually(async () => (await page.getByTestId("live-status").getAttribute("class")).includes(" live"), "live");
    await eventually(async () => (await page.locator(".map canvas").count()) > 0, "the map outline");
    const marker = page.locator(".parcel-marker");
    await marker.waitFor();
    const progress = page.getByRole("progressbar");
    const startPercent = Number(await progress.getAttribute("aria-valuenow"));
    const startReadout = await page.getByTestId("position-readout").textContent();
    const startBox = await marker.boundingBox();
    await page.screenshot({ path: join(screenshots, `simulator-journey-start-${variant.name}.png`) });

    // Nothing but the simulator feeds this page: the marker must move and a milestone fill in.
    const moved = await eventually(
      async () => {
        const box = await marker.boundingBox();
        const readout = await page.getByTestId("position-readout").textContent();
        return box && readout !== startReadout && Math.hypot(box.x - startBox.x, box.y - startBox.y) > 5;
      },
      "the marker to move",
      60_000,
    );
    assert.ok(moved);
    const advanced = await eventually(
      async () => {
        const now = Number(await progress.getAttribute("aria-valuenow"));
        return now > startPercent ? now : null;
      },
      "a milestone to be reached live",
      60_000,
    );
    // Read together (the journey keeps moving): the list and the bar agree (whole percent, rounded down).
    const [done, shown] = await page.evaluate(() => [
      document.querySelectorAll("li.milestone.done").length,
      Number(document.querySelector('[role="progressbar"]').getAttribute("aria-valuenow")),
    ]);
    assert.ok(shown >= advanced);
    assert.equal(Math.floor((done * 100) / 8), shown, "the milestone list agrees with the bar");
    await page.waitForTimeout(800); // the marker's glide to the latest fix
    await page.screenshot({ path: join(screenshots, `simulator-journey-moving-${variant.name}.png`) });

    // Played to the end: delivered, 100 %.
    await eventually(async () => (await progress.getAttribute("aria-valuenow")) === "100", "delivery", 150_000);
    // Every milestone carries its time, the ones reached before the stream connected too.
    await eventually(
      async () => (await page.locator("li.milestone.done time").count()) === 8,
      "a time on each of the 8 milestones",
    );
    // The delivery card with the courier's proof, and the timeline told the whole way.
    await page.getByTestId("delivered-card").waitFor();
    assert.ok((await page.getByTestId("timeline-entry").count()) >= 8);
    await page.waitForTimeout(1200);
    await page.screenshot({ path: join(screenshots, `simulator-journey-delivered-${variant.name}.png`) });
    assert.deepEqual(errors, []);
    await context.close();
  });
});
