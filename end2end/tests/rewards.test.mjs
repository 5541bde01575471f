// Gamification live: as the simulator moves a journey through customs and delivery, the page
// unlocks the tier and the journey's customs badge, a reward card arrives face down and flips when
// tapped, points add up; then the leaderboard shows the shopper's own rank.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
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

describe("rewards unlock live", () => {
  // Slower than the simulator test: time to open a journey before it reaches customs.
  const suite = openSuite(showcases(12_000));

  for (const variant of VARIANTS) test(`${variant.name}: the customs badge and a reward card unlock live, and the leaderboard shows my rank`, async () => {
    const { server, browser } = suite;
    const context = await browser.newContext(contextOptions(variant));
    const page = await context.newPage();
    const errors = watchErrors(page);
    const customsBadge = page.locator('li.badge[data-badge="customs_cleared"]');
    const tried = new Set();
    // A simulated parcel can be held at customs or sent back: then watch another one.
    for (let attempt = 1; ; attempt++) {
      // Carrier received at most: at this acceleration a short flight lands and clears customs
      // within seconds, before the page has even opened.
      await openShowcaseJourney(server, page, { upTo: 37, skip: tried });
      // The shelf holds the shopper's badges from earlier orders too; this journey's are marked.
      const earnedAlready = /on-this-journey/.test(await customsBadge.getAttribute("class"));
      if (earnedAlready && attempt < 3) continue;
      assert.ok(!earnedAlready, "not earned on this journey yet");
      await page.screenshot({ path: join(screenshots, `rewards-before-${variant.name}.png`), fullPage: true });
      // Customs clears while the page is open: the badge pops in (earned live) and a toast says so.
      const unlocked = await eventually(
        async () => /on-this-journey just-earned/.test(await customsBadge.getAttribute("class")),
        "the customs badge",
        75_000,
      ).catch((error) => (attempt < 3 ? false : Promise.reject(error)));
      if (unlocked) break;
    }
    await eventually(async () => (await page.locator(".tier.tier-border.completed, .tier.tier-border.current").count()) === 1, "the Border tier");
    await customsBadge.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshots, `rewards-badge-unlocked-${variant.name}.png`) });

    // Out for delivery grants points: a card arrives face down, flips when tapped.
    const faceDown = page.locator('[data-testid="reward-card"].face-down');
    await eventually(async () => (await faceDown.count()) > 0, "a reward card", 120_000);
    const card = faceDown.first();
    await card.scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(screenshots, `rewards-card-face-down-${variant.name}.png`) });
    const id = await card.evaluate((el) => [...el.parentElement.children].indexOf(el));
    await card.locator("button.card-flip").click();
    const flipped = page.locator('[data-testid="reward-card"]').nth(id);
    await eventually(async () => /revealed/.test(await flipped.getAttribute("class")), "the card to flip");
    await page.waitForTimeout(900); // the flip
    assert.match(await flipped.locator(".card-front").innerText(), /\+\d+|%|VIP/);
    await page.screenshot({ path: join(screenshots, `rewards-card-revealed-${variant.name}.png`) });

    // Delivered: 100 % and the points balance includes the delivery's points.
    await eventually(async () => (await page.getByRole("progressbar").getAttribute("aria-valuenow")) === "100", "delivery", 150_000);
    await eventually(async () => Number((await page.getByTestId("points-balance").innerText()).match(/\d+/)[0]) >= 150, "points");
    await page.waitForTimeout(1000);
    await page.screenshot({ path: join(screenshots, `rewards-delivered-${variant.name}.png`), fullPage: true });

    // The leaderboard, opened from the journey: the shopper's own rank and row, and missions.
    await page.getByTestId("leaderboard-link").click();
    await page.waitForURL(/\/leaderboard\?t=/);
    const rank = await page.getByTestId("my-rank").innerText();
    assert.match(rank, /\d+/);
    await page.getByTestId("my-row").first().waitFor();
    assert.ok((await page.getByTestId("mission").count()) === 4);
    await page.screenshot({ path: join(screenshots, `leaderboard-${variant.name}.png`), fullPage: true });

    // The shopper's own page: they choose to show a name, and the leaderboard shows it.
    const token = new URL(page.url()).searchParams.get("t");
    await page.goto(`${server.url}/t/${token}/rewards`);
    await page.getByTestId("my-points").waitFor();
    const name = `Fan ${variant.name.slice(0, 5)}`;
    // A plain form: it saves whether or not the page is interactive yet.
    await page.locator("#display-name").fill(name);
    await page.locator(".display-name button[type=submit]").first().click();
    await eventually(async () => (await page.getByTestId("name-status").innerText()).includes(name), "the chosen name to be saved");
    await page.screenshot({ path: join(screenshots, `my-rewards-${variant.name}.png`), fullPage: true });
    await page.goto(`${server.url}/leaderboard?t=${token}`);
    assert.match(await page.getByTestId("my-row").first().innerText(), new RegExp(name));
    assert.deepEqual(errors, []);
    await context.close();
  });
});
