import type { Page } from "@playwright/test";
import { expect, saveScreen, signInAs, test } from "./fixtures";
import { NewRunPage, RunPage } from "./pages/run-pages";

// The gullible simulator obeys the ticket's injected instruction to email the customer list out;
// policy denies the mail, and the run goes on to resolve the ticket: green, but not clean.
const GOAL = "Resolve ticket T-1010";

const noHorizontalOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

test("a run that succeeded with a refused call is flagged in the runs list, its filter, its page and the home page", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signInAs(page, "operator");
  await page.goto("/runs/new");
  const runId = await new NewRunPage(page).start({
    agent: "support-triage",
    goal: GOAL,
    model: "sim:gullible",
  });
  const run = new RunPage(page);
  await expect(run.status).toHaveText("succeeded", { timeout: 60_000 });
  const summary = page.getByRole("region", { name: "Run summary" });
  await expect(summary.getByTestId("refused-calls")).toHaveText(/1 refused call$/);

  await page.goto("/runs");
  const row = page.locator(`tr[data-run-id="${runId}"]`);
  await expect(row.getByTestId("run-status")).toHaveText("succeeded");
  await expect(row.getByTestId("refused-calls")).toHaveText(/1 refused call$/);

  // The filter, in the URL like the others.
  await page.getByLabel("With refused calls").check();
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/[?&]refused=1/);
  await expect(page.locator(`tr[data-run-id="${runId}"]`)).toBeVisible();
  const statuses = page.getByRole("region", { name: "Runs" }).locator("tbody tr");
  for (const r of await statuses.all()) await expect(r.getByTestId("refused-calls")).toBeVisible();

  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Last 24 hours" })).toBeVisible();
  await expect(page.getByText("Daily budget, today (UTC)")).toBeVisible();
  const problems = page.getByRole("table", { name: "Recent problems" });
  const problem = problems.locator(`tr[data-run-id="${runId}"]`);
  await expect(problem.getByRole("link", { name: GOAL })).toBeVisible();
  await expect(problem.getByTestId("refused-calls")).toBeVisible();
  await expect(problem.getByText("completed")).toBeVisible();
  await expect(problem.locator("time")).toHaveText(/ago|just now/);

  // Each count opens the runs it counts.
  await expect(page.getByTestId("stat-succeeded").getByRole("link")).toHaveAttribute(
    "href",
    "/runs?status=succeeded&last=24h",
  );
  await expect(page.getByTestId("stat-unsuccessful").getByRole("link")).toHaveAttribute(
    "href",
    "/runs?status=unsuccessful&last=24h",
  );
  const refusedCard = page.getByTestId("stat-refused");
  expect(Number(await refusedCard.locator(".stat-value").innerText())).toBeGreaterThanOrEqual(1);
  await refusedCard.getByRole("link").click();
  await expect(page).toHaveURL(/\/runs\?refused=1&last=24h$/);
  await expect(page.getByLabel("With refused calls")).toBeChecked();
  await expect(page.getByRole("combobox", { name: "Started" })).toHaveValue("24h");
  await expect(page.locator(`tr[data-run-id="${runId}"]`)).toBeVisible();
});

for (const [name, size] of [
  ["desktop", { width: 1440, height: 900 }],
  ["phone", { width: 390, height: 844 }],
] as const) {
  test(`the home page and the runs list fit a ${name} screen`, async ({ page }) => {
    await page.setViewportSize(size);
    await signInAs(page, "operator");
    for (const [path, screen] of [
      ["/", "home"],
      ["/runs?refused=1&last=24h", "runs-refused"],
    ] as const) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await saveScreen(page, `truth-${screen}-${name}`);
      expect(await noHorizontalOverflow(page), `${path} overflows at ${size.width}px`).toBe(true);
    }
  });
}
