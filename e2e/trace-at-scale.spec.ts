import { execFileSync } from "node:child_process";
import type { Page } from "@playwright/test";
import { DEMO_PASSWORD, expect, signInAs, test } from "./fixtures";

const PORT = Number(process.env.E2E_PORT ?? 3210);

/**
 * Seeds a 10,003-span run (5,001 steps) into the running app's embedded database, in a tenant of
 * its own that the demo people can open ("Scale lab" sorts after the demo tenant, which stays
 * everyone's default). Files run in name order: the specs after this one do not look at tenants.
 */
function seedLongRun(): string {
  const { DATABASE_URL: _server, ...inherited } = process.env;
  const env = {
    ...inherited,
    FLIGHTDECK_DATA_DIR: `.data-e2e-${PORT}`,
    FLIGHTDECK_DEMO_PASSWORD: DEMO_PASSWORD,
  };
  const output = execFileSync(
    process.execPath,
    ["--import", "tsx", "scripts/seed-load.ts", "--runs", "1", "--tenant", "Scale lab", "--big-trace"],
    { env, encoding: "utf8" },
  );
  const runId = /Large trace: run ([0-9a-f-]{36})/.exec(output)?.[1];
  if (!runId) throw new Error(`The long run was not seeded:\n${output}`);
  return runId;
}

let runId = "";

test.beforeAll(() => {
  test.setTimeout(120_000);
  runId = seedLongRun();
});

async function openAsOperator(page: Page) {
  await signInAs(page, "operator");
  await page.getByLabel("Tenant", { exact: true }).selectOption({ label: "Scale lab (operator)" });
  await expect(page.getByLabel("Tenant", { exact: true })).not.toBeDisabled();
}

test("a 10,003-span run's page paints at once, loads the rest in pages and opens any step or span", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openAsOperator(page);
  await page.goto(`/runs/${runId}`);

  const trace = page.getByRole("region", { name: "Trace" });
  const steps = page.getByRole("region", { name: /^Steps/ });
  await expect(trace.getByText("10,003 spans")).toBeVisible();
  await expect(steps.getByRole("heading", { name: "Steps (5,001)" })).toBeVisible();
  const tree = trace.getByRole("tree", { name: "Spans" });
  await expect(tree.getByRole("treeitem").first()).toContainText("invoke_agent ops-health");
  // The rest arrives in pages, then the progress bars go.
  await expect(page.getByText(/Loading (spans|steps):/)).toHaveCount(0, { timeout: 30_000 });

  // Only the rows in view are in the page; End walks the virtual list to the last span.
  expect(await tree.getByRole("treeitem").count()).toBeLessThan(100);
  await tree.focus();
  await page.keyboard.press("End");
  await expect(tree.locator('[role="treeitem"][data-index="10002"]')).toHaveClass(/span-active/);

  // A step's body and a span's attributes are fetched when opened.
  await steps.locator("#step-2 > summary").click();
  await expect(steps.locator("#step-2").getByText("Arguments")).toBeVisible();
  await expect(steps.locator("#step-2").getByText("Loading step…")).toHaveCount(0);
  await tree.getByRole("treeitem").filter({ hasText: "execute_tool" }).first().click();
  await expect(trace.locator(".span-attributes").getByText("gen_ai.tool.call.id")).toBeVisible();
});

test("a page of the trace that fails to load says why, and Try again goes on from there", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openAsOperator(page);
  // The first request for the rest fails, then the second page's: each stops the loading until asked.
  let requests = 0;
  await page.route(`**/api/runs/${runId}/outline?*`, (route) =>
    [1, 3].includes(++requests)
      ? route.fulfill({
          status: 503,
          contentType: "application/json",
          body: JSON.stringify({ error: { code: "unavailable", message: "The outline is resting." } }),
        })
      : route.continue(),
  );
  await page.goto(`/runs/${runId}`);
  const trace = page.getByRole("region", { name: "Trace" });
  for (const failed of [1, 3]) {
    await expect.poll(() => requests).toBe(failed);
    await expect(trace.getByRole("alert")).toContainText("The outline is resting.");
    await trace.getByRole("button", { name: "Try again" }).click();
  }
  await expect(trace.getByRole("alert")).toHaveCount(0);
  await expect(async () => {
    await trace.getByRole("tree", { name: "Spans" }).focus();
    await page.keyboard.press("End");
    await expect(trace.locator('[role="treeitem"][data-index="10002"]')).toHaveClass(/span-active/, {
      timeout: 1000,
    });
  }).toPass({ timeout: 30_000 });
  expect(requests).toBe(6);
});
