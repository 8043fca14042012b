import AxeBuilder from "@axe-core/playwright";
import { expect, expectNoSideScroll, saveScreen, signInAs, test, unique } from "./fixtures";
import { NewRunPage, RunPage } from "./pages/run-pages";

/** Starts a run of the agent and waits for its end. */
async function runOnce(page: import("@playwright/test").Page, agent: string, session: string) {
  await page.goto("/runs/new");
  await new NewRunPage(page).start({ agent, goal: "Check the app's health for 2031-02-01", session });
  await expect(new RunPage(page).status).toHaveText(/succeeded|unverified|failed/, { timeout: 60_000 });
}

test("an admin rolls a version out to a share of runs, sees what each version served, and promotes it", async ({
  page,
}) => {
  const pageErrors: Error[] = [];
  page.on("pageerror", (error) => pageErrors.push(error));
  await signInAs(page, "admin");

  // A copy of the demo's ops-health, so the demo agent other tests run stays as it is; an edit is version 2.
  await page.goto("/agents");
  await page.getByRole("link", { name: "ops-health", exact: true }).click();
  await page.getByRole("link", { name: "Duplicate" }).click();
  const name = unique("health-rollout").toLowerCase();
  const copy = page.getByRole("form", { name: "Definition of the new agent" });
  await copy.getByLabel("Name").fill(name);
  await copy.getByRole("button", { name: "Create agent" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const agentUrl = page.url().split("?")[0] ?? "";
  const definition = page.getByRole("form", { name: "Definition" });
  await definition.getByLabel("Max steps").fill("20");
  await definition.getByLabel("Comment").fill("Fewer steps");
  await definition.getByRole("button", { name: "Save" }).click();
  await expect(definition.getByRole("status")).toHaveText("Saved as version 2: changed max steps.");

  // Version 1 serves every new run: set by keyboard.
  const rollout = page.getByRole("region", { name: "Rollout" });
  await expect(rollout).toContainText("No version has been rolled out yet.");
  const settings = rollout.getByRole("form", { name: "Rollout settings" });
  await expect(settings.getByLabel("Candidate version")).toHaveValue("1");
  await settings.getByLabel("Share of new runs (%)").fill("100");
  await settings.getByLabel("Shadow sample (%)").fill("0");
  await settings.getByLabel("Minimum runs").focus();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await expect(settings.getByRole("status")).toHaveText("Version 1 now serves 100 % of new runs.");
  await expect(rollout).toContainText("Under way");

  await runOnce(page, name, "case-a");
  await runOnce(page, name, "case-b");

  // Back to 0 %: the next run gets the current version.
  await page.goto(agentUrl);
  await settings.getByLabel("Share of new runs (%)").fill("0");
  await settings.getByLabel("Shadow sample (%)").fill("100");
  await settings.getByRole("button", { name: "Save rollout" }).click();
  await expect(settings.getByRole("status")).toHaveText("Version 1 now serves 0 % of new runs.");
  await runOnce(page, name, "case-a");

  // A worker replays that run as version 1 once it ended, executing nothing, and compares the two.
  const shadows = rollout.getByRole("table", {
    name: "How each candidate version's shadows compared with the live runs",
  });
  await expect(async () => {
    await page.goto(agentUrl);
    await expect(shadows.locator("tbody tr").first().locator("td").nth(1)).toHaveText("1", { timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  await expect(shadows.locator("tbody tr").first()).toContainText("Version 1");
  await expect(shadows.locator("tbody tr").first().locator("td").nth(2)).toHaveText(/%$/);
  await expect(rollout.getByRole("link", { name: /against its shadow/ })).toBeVisible();
  const served = rollout.getByRole("table", { name: "Runs each version served since the rollout began" });
  await expect(served.locator('tr[data-role="candidate"]')).toContainText("Version 1");
  await expect(served.locator('tr[data-role="candidate"] td').nth(1)).toHaveText("2");
  await expect(served.locator('tr[data-role="stable"]')).toContainText("Version 2");
  await expect(served.locator('tr[data-role="stable"] td').nth(1)).toHaveText("1");
  await saveScreen(page, "agent-rollout");
  await rollout.screenshot({ path: "test-results/screens/agent-rollout-section.png" });
  const axe = await new AxeBuilder({ page })
    .include("#rollout")
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual(
    [],
  );

  await page.setViewportSize({ width: 390, height: 844 });
  await rollout.scrollIntoViewIfNeeded();
  await expectNoSideScroll(page);
  await saveScreen(page, "agent-rollout-phone");
  await page.setViewportSize({ width: 1280, height: 900 });

  // Promote: version 1's definition becomes version 3, the current one; the rollout ends promoted.
  await rollout.getByRole("button", { name: "Promote version 1" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Promote the candidate" });
  await expect(confirm.getByRole("button", { name: "Promote" })).toBeFocused();
  await confirm.getByRole("button", { name: "Promote" }).click();
  await expect(rollout).toContainText("Promoted");
  await expect(page.getByRole("region", { name: "Versions" }).locator('tr[data-version="3"]')).toContainText(
    "Restored version 1",
  );
  expect(pageErrors).toEqual([]);
});
