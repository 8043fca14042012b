import { expect, saveScreen, signInAs, test } from "./fixtures";
import { RunPage } from "./pages/run-pages";

const statValue = (page: import("@playwright/test").Page, id: string) =>
  page.getByTestId(`stat-${id}`).locator(".stat-value");

test("the home page shows the last 24 hours of runs and spend, and follows a new run", async ({ page }) => {
  test.setTimeout(90_000);
  const pageErrors: Error[] = [];
  page.on("pageerror", (error) => pageErrors.push(error));
  await signInAs(page, "operator");

  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Last 24 hours" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Live" })).toBeVisible();
  // Other tests may have run first: either the empty state or the cards.
  await expect(
    page
      .getByRole("heading", { name: "Nothing has run in the last 24 hours" })
      .or(page.getByTestId("stat-runs-today")),
  ).toBeVisible();

  const goal = encodeURIComponent("Resolve ticket T-1002");
  await page.goto(`/runs/new?agent=support-triage&input=${goal}`);
  await page.getByRole("form", { name: "Start a run" }).getByRole("button", { name: "Start run" }).click();
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
  await expect(new RunPage(page).status).toHaveText("succeeded", { timeout: 60_000 });

  await page.goto("/");
  expect(Number(await statValue(page, "runs-today").innerText())).toBeGreaterThanOrEqual(1);
  const spend = statValue(page, "spend");
  await expect(spend).toHaveText(/^\$\d/);
  expect(Number((await spend.innerText()).replace("$", ""))).toBeGreaterThan(0);
  await expect(page.getByTestId("budget-none")).toHaveText("No daily budget");
  const top = page.getByRole("table", { name: "Most expensive runs, last 24 hours" });
  // Other specs' runs of today may cost more: the table lists runs, each a link to its trace.
  await expect(top.locator('a[href^="/runs/"]').first()).toBeVisible();
  await expect(
    page.getByRole("img", { name: "Runs per hour, last 24 hours (UTC)" }).locator("svg").first(),
  ).toBeVisible();
  await saveScreen(page, "home");
  expect(pageErrors).toEqual([]);
});

test("a viewer sees the home page without a New run button", async ({ page }) => {
  await signInAs(page, "viewer");
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Last 24 hours" })).toBeVisible();
  await expect(page.getByRole("link", { name: "New run" })).toHaveCount(0);
});
