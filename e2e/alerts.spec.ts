import { asAdmin, removeAlertRules } from "./cleanup";
import { expect, expectNoSideScroll, saveScreen, signInAs, test } from "./fixtures";
import { RunPage } from "./pages/run-pages";

test.afterEach(async ({ browser }, testInfo) => asAdmin(browser, testInfo, removeAlertRules));

test("an admin sets an alert on agents' cost, it opens on the home page once a run breaks it, and goes with its rule", async ({
  page,
  settings,
}) => {
  test.setTimeout(120_000);
  await signInAs(page, "admin");
  await page.goto("/runs/new?agent=ops-health&input=Check%20the%20app%27s%20health");
  await page.getByRole("form", { name: "Start a run" }).getByRole("button", { name: "Start run" }).click();
  await expect(new RunPage(page).status).toHaveText(/succeeded|unverified|failed/, { timeout: 60_000 });

  await settings.goto();
  const form = page.getByRole("form", { name: "Add an alert rule" });
  await form.getByLabel("When").selectOption("cost_usd");
  await expect(form.getByLabel("Is above (USD)")).toBeVisible();
  await form.getByLabel("Is above (USD)").fill("0.000001");
  await form.getByLabel("Over the last (minutes)").fill("60");
  await form.getByLabel("With at least (runs)").fill("1");
  await form.getByRole("button", { name: "Add rule" }).click();
  const rule = page.getByTestId("alert-rule");
  await expect(rule).toHaveCount(1);
  await expect(rule).toContainText("every agent");
  await expect(rule).toContainText("cost of the runs started above $0.0000010 over 60 min, 1+ runs");
  await saveScreen(page, "settings-alerts");

  // The workers measure the rules every half minute.
  await expect(async () => {
    await page.goto("/");
    await expect(page.getByRole("region", { name: "Open alerts" })).toContainText("ops-health");
  }).toPass({ timeout: 60_000, intervals: [2_000] });
  const alert = page.getByTestId("open-alert").filter({ hasText: "ops-health" });
  await expect(alert).toContainText(/cost \$\d+\.\d+ over the last 60 min \(\d+ runs?\), above \$0\.0000010/);
  await expect(alert.getByRole("link", { name: "ops-health" })).toHaveAttribute(
    "href",
    "/runs?agent=ops-health",
  );
  await saveScreen(page, "home-open-alert");
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoSideScroll(page);
  await saveScreen(page, "home-open-alert-phone");
});

test("a viewer reads the alert rules but cannot add or remove one", async ({ page, settings }) => {
  await signInAs(page, "viewer");
  await settings.goto();
  await expect(page.getByRole("heading", { name: "Alerts" })).toBeVisible();
  await expect(page.getByRole("form", { name: "Add an alert rule" })).toHaveCount(0);
  await expect(page.getByRole("table", { name: "Alert rules" }).getByRole("button")).toHaveCount(0);
});
