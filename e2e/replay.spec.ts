import { expect, saveScreen, signInAs, test } from "./fixtures";
import { NewRunPage, RunPage } from "./pages/run-pages";

const PHONE = { width: 390, height: 844 };

test("a run is replayed from its record, forked at a step, and compared with its parent", async ({
  page,
}) => {
  test.setTimeout(150_000);
  await signInAs(page, "operator");
  await page.goto("/runs/new");
  const parentId = await new NewRunPage(page).start({
    agent: "support-triage",
    goal: "Resolve ticket T-1005",
  });
  const run = new RunPage(page);
  await expect(run.status).toHaveText("succeeded", { timeout: 60_000 });

  // Replay… opens a small form; the recorded mode is the default.
  await page.getByText("Replay…", { exact: true }).click();
  const form = page.getByRole("form", { name: "Replay this run" });
  await expect(form.getByRole("radio", { name: /^Recorded/ })).toBeChecked();
  await saveScreen(page, "replay-form");
  await form.getByRole("button", { name: "Start replay" }).click();
  await form.getByRole("link", { name: /open run/ }).click();
  await expect(page).not.toHaveURL(new RegExp(parentId));
  await expect(run.status).toHaveText("succeeded", { timeout: 60_000 });
  await expect(page.getByRole("region", { name: "Replays" })).toContainText("Replay of run");
  await expect(run.toolStep("issue_refund").locator(".recorded-badge")).toBeVisible();

  // Compare with the parent: the same calls, step by step.
  await page.getByRole("link", { name: "Compare with parent" }).click();
  await expect(page.getByRole("heading", { name: "Compare runs" })).toBeVisible();
  const calls = page.getByTestId("compare-calls");
  await expect(calls.locator("tbody tr")).toHaveCount(5);
  await expect(calls.locator(".compare-kind-same")).toHaveCount(5);
  await saveScreen(page, "replay-compare");
  await page.setViewportSize(PHONE);
  await saveScreen(page, "replay-compare-phone");
  await page.setViewportSize({ width: 1280, height: 720 });

  // The parent lists its replay; "Fork from here" on step 3 pre-fills the form.
  await page.goto(`/runs/${parentId}`);
  await expect(page.getByRole("region", { name: "Replays" })).toContainText("Replays of this run");
  await page.locator("#step-3 > summary").click();
  await page.locator("#step-3").getByRole("link", { name: "Fork from here" }).click();
  const fork = page.getByRole("form", { name: "Replay this run" });
  await expect(fork.getByLabel("From step")).toHaveValue("3");
  await fork.getByRole("radio", { name: /^Dry run/ }).check();
  await page.setViewportSize(PHONE);
  await saveScreen(page, "replay-form-phone");
  await page.setViewportSize({ width: 1280, height: 720 });
  await fork.getByRole("button", { name: "Start replay" }).click();
  await fork.getByRole("link", { name: /open run/ }).click();
  await expect(run.status).toHaveText(/succeeded|unverified|stopped|failed/, { timeout: 60_000 });
  await expect(page.locator("#step-1 > summary .inherited-badge")).toBeVisible();
  await expect(page.locator("#step-3 > summary .inherited-badge")).toBeVisible();
  await expect(page.locator("#step-4 > summary .inherited-badge")).toHaveCount(0);
  await saveScreen(page, "replay-forked-run");
});
