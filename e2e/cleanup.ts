import { type Browser, expect, type Page, type TestInfo } from "@playwright/test";
import { signInAs } from "./fixtures";

/**
 * The e2e tests share one tenant: a test that stops everything, pauses an agent or sets a budget
 * puts it back in `afterEach` with these, as an admin in a browser context of its own, so a failure
 * half-way cannot leave the next tests facing a stopped deployment.
 */
export async function asAdmin(browser: Browser, testInfo: TestInfo, undo: (page: Page) => Promise<void>) {
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  try {
    const page = await context.newPage();
    page.on("dialog", (dialog) => void dialog.accept());
    await signInAs(page, "admin");
    await undo(page);
  } finally {
    await context.close();
  }
}

/** Releases the emergency stop if one is engaged. */
export async function releaseEmergencyStop(page: Page) {
  const release = page.getByRole("button", { name: "Release emergency stop" });
  if (await release.isVisible()) {
    await release.click();
    await page.getByTestId("kill-banner").waitFor({ state: "detached" });
  }
}

/** Resumes the demo agent if it is paused. */
export async function resumeAgent(page: Page, name: string) {
  await page.goto("/agents");
  await page.getByRole("link", { name }).first().click();
  const resume = page.getByRole("button", { name: "Resume" });
  if (await resume.isVisible()) {
    await resume.click();
    await page.getByTestId("agent-paused").waitFor({ state: "detached" });
  }
}

/** Leaves the tenant without a daily budget, as the demo starts. */
export async function clearDailyBudget(page: Page) {
  await page.goto("/settings");
  const budget = page.getByRole("form", { name: "Set the daily budget" });
  await budget.getByLabel("Daily budget (USD)").fill("");
  await budget.getByLabel("Tokens a day, models without a price").fill("");
  await budget.getByRole("button", { name: "Save budget" }).click();
  // With no budget there is nothing to alert on: the alerts form goes.
  await page.getByRole("form", { name: "Budget alerts" }).waitFor({ state: "detached" });
}

/** Removes every alert rule (and so every open alert) of the tenant. */
export async function removeAlertRules(page: Page) {
  await page.goto("/settings");
  const rules = page.getByTestId("alert-rule");
  while ((await rules.count()) > 0) {
    const before = await rules.count();
    await rules.first().getByRole("button", { name: "Remove" }).click();
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="alert-rule"]').length < n,
      before,
    );
  }
}

/** Removes the signed-in person's saved views of the runs list. */
export async function removeSavedViews(page: Page) {
  await page.goto("/runs");
  const remove = page.getByRole("button", { name: /^Remove the view / });
  while ((await remove.count()) > 0) {
    const before = await remove.count();
    await remove.first().click();
    await expect(remove).toHaveCount(before - 1);
  }
}
