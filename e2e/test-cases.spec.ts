// Runs after runs.spec (files run in name order, one worker): both resolve T-1009, whose refund only the first gets.
import { axeViolations } from "./axe";
import { expect, saveScreen, signInAs, signOut, test, unique } from "./fixtures";
import { NewRunPage, RunPage } from "./pages/run-pages";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 720 };

test("a run is saved as a test case: the suite and the case appear on the Evals page; a viewer reads them", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const suite = unique("e2e-suite").toLowerCase();
  await signInAs(page, "operator");

  // Before any suite: the empty state says how to get one.
  await page.goto("/evals");
  await expect(page.getByRole("heading", { level: 1, name: "Evals" })).toBeVisible();
  if (await page.getByRole("heading", { name: "No eval suites yet" }).isVisible())
    await saveScreen(page, "evals-empty");

  await page.goto("/runs/new");
  await new NewRunPage(page).start({ agent: "support-triage", goal: "Resolve ticket T-1009" });
  await expect(new RunPage(page).status).toHaveText("succeeded", { timeout: 60_000 });

  await page.getByText("Save as test case", { exact: true }).click();
  const form = page.getByRole("form", { name: "Save this run as a test case" });
  await form.getByLabel("Suite").fill(suite);
  await form.getByLabel("Case name").fill("filters-refund");
  await page.setViewportSize(PHONE);
  await saveScreen(page, "evals-save-form-phone");
  await page.setViewportSize(DESKTOP);
  await form.getByRole("button", { name: "Save test case" }).click();
  await expect(form.getByRole("status")).toContainText("Saved as filters-refund");
  await saveScreen(page, "evals-save-form");

  // A second save of the same name is refused, readably (the form was cleared after the first).
  await expect(form.getByLabel("Case name")).toHaveValue("");
  await form.getByLabel("Suite").fill(suite);
  await form.getByLabel("Case name").fill("filters-refund");
  await form.getByRole("button", { name: "Save test case" }).click();
  await expect(form.getByRole("alert")).toContainText('already has a case named "filters-refund"');

  await expect(form.getByLabel("Case name")).toHaveValue("filters-refund");
  await page.goto("/evals");
  await page.locator(`tr[data-suite="${suite}"]`).getByRole("link", { name: suite, exact: true }).click();
  await page.locator('tr[data-case="filters-refund"]').getByRole("link", { name: "filters-refund" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "filters-refund" })).toBeVisible();
  await expect(page.getByText("This case has not been in a recorded suite run yet.")).toBeVisible();
  await expect(page.locator(".eval-definition")).toContainText('"get_order"');
  await saveScreen(page, "evals-case");
  expect(await axeViolations(page)).toEqual([]);

  await page.goto("/evals");
  const row = page.locator(`tr[data-suite="${suite}"]`);
  await expect(row).toContainText("not run yet");
  await saveScreen(page, "evals-list");
  await row.getByRole("link", { name: suite, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: suite })).toBeVisible();
  await expect(page.locator('tr[data-case="filters-refund"]')).toContainText("Resolve ticket T-1009");
  await saveScreen(page, "evals-suite");
  expect(await axeViolations(page)).toEqual([]);
  await page.setViewportSize(PHONE);
  await saveScreen(page, "evals-suite-phone");
  await page.setViewportSize(DESKTOP);

  // A viewer reads the suites but cannot save a run as a case.
  await signOut(page);
  await signInAs(page, "viewer");
  await page.goto("/evals");
  await expect(page.locator(`tr[data-suite="${suite}"]`)).toBeVisible();
  await page.setViewportSize(PHONE);
  await saveScreen(page, "evals-list-phone");
  await page.setViewportSize(DESKTOP);
  await page.goto("/runs");
  await page.locator("table a[href^='/runs/']").first().click();
  await expect(page.getByRole("heading", { level: 1, name: /^Run / })).toBeVisible();
  await expect(page.getByText("Save as test case", { exact: true })).toHaveCount(0);
});
