import type { Page } from "@playwright/test";
import { axeViolations } from "./axe";
import { expect, expectNoSideScroll, saveScreen, signInAs, test } from "./fixtures";
import { NewRunPage, RunPage } from "./pages/run-pages";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };

/** An ops-health run on a slow simulated model: seconds per step, time to take it over mid-run. */
async function startSlowRun(page: Page, day: string): Promise<RunPage> {
  await page.goto("/runs/new");
  await new NewRunPage(page).start({
    agent: "ops-health",
    goal: `Check the app's health for ${day}`,
    model: "sim:default:2500",
  });
  const run = new RunPage(page);
  await expect(run.status).toHaveText("running", { timeout: 15_000 });
  return run;
}

async function takeOver(page: Page, run: RunPage, reason: string) {
  await page.getByRole("button", { name: "Take over", exact: true }).click();
  const form = page.getByRole("form", { name: "Take the run over" });
  await form.getByLabel("Reason").fill(reason);
  await form.getByRole("button", { name: "Take the run over" }).click();
  await expect(page.getByRole("region", { name: "Taken over" })).toContainText(reason);
  // The agent stops at the end of its current step.
  await expect(run.status).toHaveText("paused", { timeout: 15_000 });
}

test("an operator takes a running run over and finishes it by hand; another they hand back and it finishes", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize(DESKTOP);
  await signInAs(page, "operator");

  const run = await startSlowRun(page, "2031-03-01");
  await takeOver(page, run, "The disk alert is a known false alarm");
  const panel = page.getByRole("region", { name: "Taken over" });
  await expect(panel).toContainText("took this run over");
  await saveScreen(page, "take-over-held");
  expect(await axeViolations(page)).toEqual([]);
  await page.setViewportSize(PHONE);
  await expectNoSideScroll(page);
  await saveScreen(page, "take-over-held-phone");
  await page.setViewportSize(DESKTOP);

  // A blank account (the browser only counts its length) is refused where it is written.
  const finish = panel.getByRole("form", { name: "Finish the run by hand" });
  await finish.getByLabel("What you did or found").fill("   ");
  await finish.getByRole("button", { name: "Finish the run" }).click();
  await expect(finish.getByRole("alert")).toContainText("at least 3 characters");
  await finish.getByLabel("What you did or found").fill("Checked the dashboards myself: all healthy.");
  await finish.getByRole("button", { name: "Finish the run" }).click();
  await expect(run.status).toHaveText("succeeded", { timeout: 15_000 });
  const summary = page.getByRole("region", { name: "Run summary" });
  await expect(summary).toContainText("finished_by_operator");
  await expect(page.getByText("Finished by hand by").first()).toBeVisible();
  await expect(page.getByRole("region", { name: "Taken over" })).toHaveCount(0);
  await saveScreen(page, "take-over-finished");

  const second = await startSlowRun(page, "2031-03-02");
  await takeOver(page, second, "Looking at it first");
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Hand back to the agent" }).click();
  await expect(second.status).toHaveText("succeeded", { timeout: 60_000 });
  await expect(page.getByRole("region", { name: "Run summary" })).toContainText("completed");
});

test("a run going now is stopped from the home page in two clicks", async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize(DESKTOP);
  await signInAs(page, "operator");
  await startSlowRun(page, "2031-03-03");
  const runId = page.url().split("/").at(-1) ?? "";

  await page.goto("/");
  const going = page.getByRole("table", { name: "Going now" });
  const row = going.locator(`tr[data-run-id="${runId}"]`);
  await expect(row).toContainText("Check the app's health for 2031-03-03");
  await row.getByRole("button", { name: "Stop", exact: true }).click();
  await row.getByLabel("Reason").fill("Not needed tonight");
  await saveScreen(page, "home-going-now");
  await row.getByRole("button", { name: "Stop run" }).click();
  // Stopped, it is no longer going: the refreshed list leaves it out.
  await expect(row).toHaveCount(0, { timeout: 15_000 });

  await page.goto(`/runs/${runId}`);
  await expect(new RunPage(page).status).toHaveText("killed", { timeout: 15_000 });
  await page.goto("/");
  await page.setViewportSize(PHONE);
  await expectNoSideScroll(page);
  await saveScreen(page, "home-phone");
});
