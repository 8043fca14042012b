import { expect, saveScreen, signInAs, signOut, test } from "./fixtures";
import { startHealthRun } from "./pages/run-pages";

// The browser says Paris: the app offers it once, then shows every timestamp in the chosen zone.
test.use({ timezoneId: "Europe/Paris", viewport: { width: 1440, height: 900 } });

test("a person's time zone: offered from the browser, chosen in Settings, used by every timestamp with UTC on hover", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signInAs(page, "operator");
  const runId = await startHealthRun(page);
  await signOut(page);

  await signInAs(page, "viewer");
  const offer = page.getByRole("complementary", { name: "Time zone" });
  await expect(offer).toContainText("Times are shown in UTC");
  await saveScreen(page, "time-zone-offer");
  await offer.getByRole("button", { name: "Use Europe/Paris" }).click();
  await expect(offer).toHaveCount(0);

  await page.goto(`/runs/${runId}`);
  const created = page.getByRole("region", { name: "Run summary" }).locator("time").first();
  await expect(created).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} GMT\+1$/);
  await expect(created).toHaveAttribute("title", /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
  // The offer was answered: it is not made again.
  await page.reload();
  await expect(page.getByRole("complementary", { name: "Time zone" })).toHaveCount(0);

  await page.goto("/settings");
  const section = page.getByRole("region", { name: "Time zone" });
  await expect(section).toContainText("Europe/Paris");
  await section.getByLabel("Time zone", { exact: true }).selectOption("Asia/Tokyo");
  await section.getByRole("button", { name: "Save time zone" }).click();
  await expect(section.getByRole("status")).toHaveText("Times are now shown in Asia/Tokyo.");
  await saveScreen(page, "settings-time-zone");
  await page.setViewportSize({ width: 390, height: 844 });
  await section.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/screens/settings-time-zone-phone.png" });
  await page.setViewportSize({ width: 1440, height: 900 });

  await page.goto(`/runs/${runId}`);
  await expect(created).toHaveText(/ GMT\+9$/);
  const span = page.getByRole("tree", { name: "Spans" }).getByRole("treeitem").first();
  await span.click();
  await expect(page.getByTestId("span-panel").locator("time")).toHaveText(/ GMT\+9$/);

  // Back to UTC, as the other tests expect of the demo viewer.
  await page.goto("/settings");
  await section.getByLabel("Time zone", { exact: true }).selectOption("UTC");
  await section.getByRole("button", { name: "Save time zone" }).click();
  await expect(section.getByRole("status")).toHaveText("Times are now shown in UTC.");
  await page.goto(`/runs/${runId}`);
  await expect(created).toHaveText(/ UTC$/);
});
