import { asAdmin, clearDailyBudget } from "./cleanup";
import { expect, saveScreen, signInAs, test } from "./fixtures";

test.afterEach(({ browser }, testInfo) => asAdmin(browser, testInfo, clearDailyBudget));

test("an admin cannot point budget alerts at this server, a local network or cloud metadata", async ({
  page,
  settings,
}) => {
  await signInAs(page, "admin");
  await settings.goto();
  const budget = page.getByRole("form", { name: "Set the daily budget" });
  await budget.getByLabel("Daily budget (USD)").fill("1000");
  await budget.getByLabel("Tokens a day, models without a price").fill("50000");
  await budget.getByRole("button", { name: "Save budget" }).click();
  await expect(page.getByTestId("budget-status")).toContainText(/Models without a price: [\d,]+ tokens used/);
  await expect(page.getByTestId("budget-status")).toContainText("of 50,000.");

  const alerts = page.getByRole("form", { name: "Budget alerts" });
  await expect(budget.getByRole("status")).toHaveText("Saved.");
  await expect(budget.getByLabel("Daily budget (USD)")).toHaveValue("1000");
  await alerts.getByLabel("Alert at (% of the budget)").fill("90");
  await alerts.getByLabel("Webhook URL (optional)").fill("http://169.254.169.254/latest/meta-data");
  await alerts.getByRole("button", { name: "Save alerts" }).click();
  await expect(alerts.getByRole("alert")).toHaveText(/^The webhook must be on a public address/);
  await expect(page.getByTestId("webhook-secret")).toHaveCount(0);
  // Refused, the form keeps what was typed: only the address needs correcting.
  await expect(alerts.getByLabel("Webhook URL (optional)")).toHaveValue(
    "http://169.254.169.254/latest/meta-data",
  );
  await expect(alerts.getByLabel("Alert at (% of the budget)")).toHaveValue("90");
  await saveScreen(page, "budget-webhook-refused");
});
