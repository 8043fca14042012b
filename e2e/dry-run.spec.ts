import { expect, saveScreen, signInAs, test } from "./fixtures";
import { NewRunPage, RunPage } from "./pages/run-pages";

test("a dry run previews its writes, is promoted to a live run, and gets an outcome", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, "operator");
  await page.goto("/runs/new");
  const newRun = new NewRunPage(page);
  await newRun.form.getByRole("checkbox", { name: /Dry run/ }).check();
  const dryId = await newRun.start({ agent: "support-triage", goal: "Resolve ticket T-1006" });
  const run = new RunPage(page);
  await expect(run.status).toHaveText("succeeded", { timeout: 60_000 });
  const summary = page.getByRole("region", { name: "Run summary" });
  await expect(summary.getByText("dry run", { exact: true })).toBeVisible();
  const email = run.toolStep("send_email");
  await email.locator("summary").first().click();
  await expect(email).toContainText('"would_send"');
  await saveScreen(page, "dry-run");

  await page.getByRole("button", { name: "Execute these actions for real" }).click();
  await page.getByRole("link", { name: /open the live run/ }).click();
  await expect(page).not.toHaveURL(new RegExp(dryId));
  await expect(run.status).toHaveText("succeeded", { timeout: 60_000 });
  await expect(page.getByText(/Executes the actions of dry run/)).toBeVisible();
  // Its answer tells what was done, not the dry run's previews.
  await expect(page.getByText(/Dry run, not done/)).toHaveCount(0);
  const sent = run.toolStep("send_email");
  await sent.locator("summary").first().click();
  await expect(sent).toContainText('"outbox_id"');

  const outcome = page.getByRole("region", { name: "After the run" });
  await outcome.getByLabel("Corrected").check();
  await outcome.getByRole("button", { name: "Record outcome" }).click();
  await expect(outcome.getByRole("alert")).toContainText("Say what was corrected");
  await outcome.getByLabel(/^Note/).fill("Reply should mention the courier's name");
  await outcome.getByRole("button", { name: "Record outcome" }).click();
  await expect(outcome.getByTestId("run-outcome")).toContainText("corrected by operator@acme.test");
  await saveScreen(page, "run-outcome");
});

test("an answer that claims actions no receipt proves is marked unverified", async ({ page }) => {
  test.setTimeout(90_000);
  await signInAs(page, "operator");
  await page.goto("/runs/new");
  await new NewRunPage(page).start({
    agent: "support-triage",
    goal: "Resolve ticket T-1007",
    model: "sim:boastful",
  });
  await expect(new RunPage(page).status).toHaveText("unverified", { timeout: 60_000 });
  await expect(page.getByRole("alert").filter({ hasText: "Unverified" })).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: "no issue_refund claim" })).toBeVisible();
});
