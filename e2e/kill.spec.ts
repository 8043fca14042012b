import { asAdmin, releaseEmergencyStop, resumeAgent } from "./cleanup";
import { expect, saveScreen, signInAs, test } from "./fixtures";
import { NewRunPage, RunPage } from "./pages/run-pages";

// An emergency stop or a paused agent left by a failed test would fail every test after it.
test.afterEach(({ browser }, testInfo) =>
  asAdmin(browser, testInfo, async (page) => {
    await releaseEmergencyStop(page);
    await resumeAgent(page, "ops-health");
  }),
);

test("an operator stops a running run from its page and it ends killed", async ({ page }) => {
  await signInAs(page, "operator");
  await page.goto("/runs/new");
  const runId = await new NewRunPage(page).start({
    agent: "ops-health",
    goal: "Check the app's health",
    model: "sim:default:3000",
  });
  const run = new RunPage(page);
  await page.getByRole("button", { name: "Stop", exact: true }).click();
  await page.getByLabel("Reason").fill("e2e drill: runaway run");
  await page.getByRole("button", { name: "Stop run" }).click();
  await expect(run.status).toHaveText("killed", { timeout: 5_000 });
  await expect(page.getByRole("region", { name: "Run summary" })).toContainText("killed");
  await saveScreen(page, "run-killed");

  await page.goto("/runs");
  await expect(page.locator(`tr[data-run-id="${runId}"]`).getByTestId("run-status")).toHaveText("killed");
});

test("a deployment operator's emergency stop shows a banner everywhere, refuses new runs, and release lifts it", async ({
  page,
}) => {
  await signInAs(page, "admin");
  page.on("dialog", (dialog) => void dialog.accept());
  const banner = page.getByTestId("kill-banner");
  await expect(banner).toHaveCount(0);

  await page.getByRole("button", { name: "Emergency stop" }).click();
  const dialog = page.getByRole("dialog", { name: "Emergency stop" });
  await dialog.getByLabel("Reason").fill("e2e drill: provider incident");
  await dialog.getByLabel("Type STOP to confirm").fill("STOP");
  await dialog.getByRole("button", { name: "Stop everything" }).click();
  await expect(banner).toContainText("Emergency stop engaged");
  await expect(banner).toContainText("e2e drill: provider incident");
  await saveScreen(page, "emergency-stop-banner");
  await page.getByRole("link", { name: "Agents" }).click();
  await expect(page).toHaveURL(/\/agents$/);
  await expect(banner).toContainText("Emergency stop engaged");

  await page.goto("/runs/new?agent=ops-health");
  const form = page.getByRole("form", { name: "Start a run" });
  await form.getByLabel("Goal").fill("Check the app's health");
  await form.getByRole("button", { name: "Start run" }).click();
  await expect(form.getByRole("alert")).toContainText(
    "All agents are stopped (emergency stop) by Platform operator: e2e drill: provider incident",
  );
  await saveScreen(page, "emergency-stop-refused");

  await page.getByRole("button", { name: "Release emergency stop" }).click();
  await expect(banner).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Emergency stop" })).toBeVisible();
});

test("an operator bulk-stops runs from the list, and pauses and resumes an agent", async ({ page }) => {
  await signInAs(page, "operator");
  page.on("dialog", (dialog) => void dialog.accept());
  await page.goto("/runs/new");
  const runId = await new NewRunPage(page).start({
    agent: "ops-health",
    goal: "Check the app's health",
    model: "sim:default:5000",
  });
  await page.goto("/runs");
  const row = page.locator(`tr[data-run-id="${runId}"]`);
  await row.getByRole("checkbox").check();
  await page.getByLabel("Reason for stopping the selected runs").fill("e2e drill: bulk stop");
  await page.getByRole("button", { name: "Stop selected" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Stopped 1 run" })).toBeVisible();
  await expect(row.getByTestId("run-status")).toHaveText("killed", { timeout: 5_000 });

  await page.getByLabel("Main navigation").getByRole("link", { name: "Agents" }).click();
  await page.getByRole("link", { name: "ops-health" }).first().click();
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  await page.getByLabel("Reason").fill("e2e drill: bad deploy");
  await page.getByRole("button", { name: "Pause agent" }).click();
  await expect(page.getByTestId("agent-paused")).toContainText(
    "Paused by operator@acme.test: e2e drill: bad deploy",
  );
  await saveScreen(page, "agent-paused");
  await page.getByRole("button", { name: "Resume" }).click();
  await expect(page.getByTestId("agent-paused")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Pause", exact: true })).toBeVisible();
});
