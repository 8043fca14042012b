import { expect, expectNoSideScroll, saveScreen, signInAs, test } from "./fixtures";
import { RunPage } from "./pages/run-pages";

test("a finished run shows up in the dashboards' spend and cost chart", async ({ page }) => {
  test.setTimeout(90_000);
  const pageErrors: Error[] = [];
  page.on("pageerror", (error) => pageErrors.push(error));
  await signInAs(page, "operator");

  const goal = encodeURIComponent("Resolve ticket T-1003");
  await page.goto(`/runs/new?agent=support-triage&input=${goal}`);
  await page.getByRole("form", { name: "Start a run" }).getByRole("button", { name: "Start run" }).click();
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
  await expect(new RunPage(page).status).toHaveText("succeeded", { timeout: 60_000 });

  await page.goto("/dashboards");
  await expect(page.getByRole("heading", { level: 1, name: "Dashboards" })).toBeVisible();
  const spend = page.getByTestId("stat-spend").locator(".stat-value");
  await expect(spend).toHaveText(/^\$\d/);
  expect(Number((await spend.innerText()).replace("$", ""))).toBeGreaterThan(0);
  await expect(page.getByTestId("stat-runs").locator(".stat-value")).not.toHaveText("0");
  await expect(page.locator(".chart-cost .chart-frame svg").first()).toBeVisible();
  await expect(page.locator(".chart-cost .recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByRole("link", { name: "support-triage" }).first()).toHaveAttribute(
    "href",
    /\/runs\?agent=support-triage&from=\d{4}-\d\d-\d\d&to=\d{4}-\d\d-\d\d/,
  );
  await expect(
    page.getByRole("region", { name: "Most expensive runs" }).getByRole("link").first(),
  ).toHaveAttribute("href", /\/runs\/[0-9a-f-]{36}$/);

  // The view lives in the URL: a preset keeps the split by model.
  await page.getByLabel("Split cost by").selectOption("model");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/group_by=model/);
  await page.getByRole("link", { name: "Last 7 days" }).click();
  await expect(page).toHaveURL(/group_by=model/);
  await expect(page.getByRole("link", { name: "Last 7 days" })).toHaveAttribute("aria-current", "page");
  await expect(page.locator(".chart-cost .chart-frame svg").first()).toBeVisible();
  await saveScreen(page, "dashboards");

  // One section at a time: a view keeps the filters, and the filters keep the view.
  const views = page.getByRole("navigation", { name: "Dashboards" });
  await expect(views.getByRole("link", { name: "Cost" })).toHaveAttribute("aria-current", "page");
  await views.getByRole("link", { name: "Operations" }).click();
  await expect(page).toHaveURL(/view=operations/);
  await expect(page).toHaveURL(/group_by=model/);
  await expect(page.getByRole("heading", { name: "Runs by status" })).toBeVisible();
  await expect(page.locator(".chart-cost")).toHaveCount(0);
  await page.getByRole("link", { name: "Last 30 days" }).click();
  await expect(page).toHaveURL(/view=operations/);
  await saveScreen(page, "dashboards-operations");
  await views.getByRole("link", { name: "Approvals and policy" }).click();
  await expect(page.getByTestId("approval-stats")).toBeVisible();
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoSideScroll(page);
  await saveScreen(page, "dashboards-envelope-phone");
  expect(pageErrors).toEqual([]);
});
