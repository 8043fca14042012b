import type { Page } from "@playwright/test";
import { expect, saveScreen, signInAs, signOut, test } from "./fixtures";
import { RunPage, startHealthRun } from "./pages/run-pages";

const PHONE = { width: 390, height: 844 };
test.use({ viewport: { width: 1440, height: 900 } });

const spanIdOf = (page: Page) => new URL(page.url()).searchParams.get("span");

test("a span opens beside the tree with what it did, its policy statement and receipt; the URL keeps it", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signInAs(page, "operator");
  const runId = await startHealthRun(page);
  const run = new RunPage(page);
  const panel = page.getByTestId("span-panel");

  await run.spans.filter({ hasText: "execute_tool write_file" }).first().click();
  await expect(page).toHaveURL(/[?&]span=[0-9a-f]{16}/);
  const written = spanIdOf(page);
  await expect(panel.getByRole("heading", { name: /execute_tool write_file/ })).toBeVisible();
  await expect(panel.getByText("Arguments", { exact: true })).toBeVisible();
  await expect(panel).toContainText("incidents/2031-01-");
  await expect(panel.getByText("Receipt", { exact: true })).toBeVisible();
  await expect(panel.getByRole("link", { name: /^Receipt #\d+$/ })).toBeVisible();
  await expect(panel.locator(".span-attributes")).toContainText("gen_ai.tool.name");
  const statement = panel.getByRole("region", { name: "Policy decision" }).getByRole("link", {
    name: "workspace-writes",
  });
  await expect(statement).toHaveAttribute("href", "/policies#statement-workspace-writes");
  await expect(run.spans.filter({ hasText: "execute_tool write_file" }).first()).toHaveAttribute(
    "aria-selected",
    "true",
  );
  await saveScreen(page, "trace-panel-desktop");

  // Another span, then Back: the first is selected again; a reload keeps the selection.
  await run.spans.filter({ hasText: "execute_tool http_request" }).first().click();
  await expect(panel.getByRole("heading", { name: /execute_tool http_request/ })).toBeVisible();
  await page.goBack();
  await expect(panel.getByRole("heading", { name: /execute_tool write_file/ })).toBeVisible();
  expect(spanIdOf(page)).toBe(written);
  await page.reload();
  await expect(panel.getByRole("heading", { name: /execute_tool write_file/ })).toBeVisible();
  // A link to a span of no such run says so.
  await page.goto(`/runs/${runId}?span=0000000000000000`);
  await expect(panel).toContainText("This run has no span 0000000000000000.");

  // The statement's anchor exists on the Policies page.
  await page.goto(`/runs/${runId}?span=${written}`);
  await statement.click();
  await expect(page).toHaveURL(/\/policies#statement-workspace-writes$/);
  await expect(page.locator("#statement-workspace-writes")).toContainText('@id("workspace-writes")');
  await expect(page.locator("#statement-workspace-writes")).toBeInViewport();
});

test("the keyboard walks the tree: arrows and j/k move, ← → fold, Enter opens, Escape closes", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signInAs(page, "operator");
  await startHealthRun(page);
  const run = new RunPage(page);
  const tree = page.getByRole("tree", { name: "Spans" });
  const panel = page.getByTestId("span-panel");
  const active = () => tree.locator(".span-active");
  const count = await run.spans.count();

  await tree.focus();
  await expect(active()).toContainText("invoke_agent ops-health");
  await expect(tree).toHaveAttribute("aria-activedescendant", /^span-row-/);
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("j");
  const second = await active().getAttribute("id");
  await page.keyboard.press("k");
  await page.keyboard.press("j");
  expect(await active().getAttribute("id")).toBe(second);
  await expect(tree).toHaveAttribute("aria-activedescendant", second ?? "");

  // Enter opens the active span, Escape closes it; focus stays on the tree.
  await page.keyboard.press("Enter");
  await expect(panel).toBeVisible();
  expect(`span-row-${spanIdOf(page)}`).toBe(second);
  await page.keyboard.press("Escape");
  await expect(panel).toHaveCount(0);
  expect(spanIdOf(page)).toBeNull();
  await expect(tree).toBeFocused();

  // ← on the root folds the whole trace, → unfolds it.
  await page.keyboard.press("Home");
  await page.keyboard.press("ArrowLeft");
  await expect(run.spans).toHaveCount(1);
  await expect(run.spans.first()).toHaveAttribute("aria-expanded", "false");
  await page.keyboard.press("ArrowRight");
  await expect(run.spans).toHaveCount(count);
  // ← on a child goes up to its parent.
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  await expect(active()).toHaveAttribute("aria-level", /^[12]$/);
  await page.keyboard.press("End");
  await expect(run.spans.last()).toHaveClass(/span-active/);
});

test("search and filters find spans, count them and walk the matches", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, "operator");
  await startHealthRun(page);
  const run = new RunPage(page);
  const search = page.getByRole("search", { name: "Search the trace" });
  const matches = search.getByRole("status");
  const all = await run.spans.count();

  await search.getByLabel("Search spans").fill("run_command");
  // The policy decision and the execution of each of the two commands.
  await expect(matches).toHaveText("4 matches");
  await search.getByLabel("Search spans").press("Enter");
  await expect(matches).toHaveText("1 of 4");
  await expect(page.getByTestId("span-panel")).toContainText("run_command");
  await search.getByRole("button", { name: "Next match" }).click();
  await expect(matches).toHaveText("2 of 4");
  await search.getByRole("button", { name: "Previous match" }).click();
  await search.getByRole("button", { name: "Previous match" }).click();
  await expect(matches).toHaveText("4 of 4");

  await search.getByLabel("Only matches").check();
  // The matches and the spans above them (the agent, its turns).
  const shown = await run.spans.count();
  expect(shown).toBeLessThan(all);
  expect(shown).toBeGreaterThan(4);
  await saveScreen(page, "trace-search");

  await search.getByLabel("Search spans").fill("");
  await search.getByLabel("Tool").selectOption("write_file");
  await expect(matches).toHaveText("2 matches");
  await search.getByLabel("Outcome").selectOption("denied");
  await expect(matches).toHaveText("No matches");
  await expect(page.getByText("No span matches.")).toBeVisible();
  await search.getByLabel("Outcome").selectOption("ok");
  await expect(matches).toHaveText("2 matches");
  await search.getByLabel("Only matches").uncheck();
  await expect(run.spans).toHaveCount(all);
});

test("a viewer's span panel shows what ran, never the payload", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, "operator");
  const runId = await startHealthRun(page);
  await new RunPage(page).spans.filter({ hasText: "execute_tool write_file" }).first().click();
  await expect(page.getByTestId("span-panel")).toContainText("incidents/2031-01-");
  const link = new URL(page.url()).pathname + new URL(page.url()).search;
  await signOut(page);

  await signInAs(page, "viewer");
  await page.goto(link);
  const panel = page.getByTestId("span-panel");
  await expect(panel.getByRole("heading", { name: /execute_tool write_file/ })).toBeVisible();
  await expect(panel.getByText("Arguments", { exact: true })).toBeVisible();
  await expect(panel).toContainText("[redacted]");
  await expect(panel).not.toContainText("incidents/");
  await expect(panel).not.toContainText("Health check");
  // The statement and the tool's name are not payload: they stay.
  await expect(panel.getByRole("link", { name: "workspace-writes" })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(runId));
});

test("on a phone the span covers the tree, with a way back", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize(PHONE);
  await signInAs(page, "operator");
  await startHealthRun(page);
  const run = new RunPage(page);
  await saveScreen(page, "trace-tree-phone");
  await run.spans.filter({ hasText: "execute_tool write_file" }).first().click();
  const panel = page.getByTestId("span-panel");
  await expect(panel).toBeVisible();
  const box = await panel.boundingBox();
  expect(box?.width).toBeGreaterThanOrEqual(PHONE.width - 1);
  await expect(panel.getByRole("button", { name: "Close the span's details" })).toBeHidden();
  await page.screenshot({ path: "test-results/screens/trace-panel-phone.png" });
  await expect(panel.getByRole("button", { name: "← Back to spans" })).toBeFocused();
  await panel.getByRole("button", { name: "← Back to spans" }).click();
  await expect(panel).toHaveCount(0);
  await expect(page.getByRole("tree", { name: "Spans" })).toBeVisible();
  expect(spanIdOf(page)).toBeNull();
});

test("previous and next run follow the runs list, newest first", async ({ page }) => {
  test.setTimeout(150_000);
  await signInAs(page, "operator");
  const older = await startHealthRun(page);
  const newer = await startHealthRun(page);
  // The newest run of the tenant: nothing above it.
  await expect(page.getByText("↑ Previous run")).toHaveAttribute("aria-disabled", "true");
  await page.getByRole("link", { name: "Next run ↓" }).click();
  await expect(page).toHaveURL(new RegExp(`/runs/${older}$`));
  await page.getByRole("link", { name: "↑ Previous run" }).click();
  await expect(page).toHaveURL(new RegExp(`/runs/${newer}$`));
  await saveScreen(page, "run-prev-next");
  await page.setViewportSize(PHONE);
  await saveScreen(page, "run-prev-next-phone");
});
