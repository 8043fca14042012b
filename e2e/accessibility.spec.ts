import type { Page } from "@playwright/test";
import { axeViolations as violations } from "./axe";
import { expect, NAV_PAGES, signInAs, signOut, test } from "./fixtures";

async function visit(page: Page, path: string, found: string[]) {
  await page.goto(path);
  const h1 = await page
    .getByRole("heading", { level: 1 })
    .first()
    .waitFor({ timeout: 15_000 })
    .then(() => true)
    .catch(() => false);
  if (!h1) found.push(`${path}: no h1`);
  found.push(...(await violations(page)));
}

test("every page passes axe's WCAG 2.1 AA checks, for an admin and where a viewer is refused", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const found: string[] = [];
  await page.goto("/sign-in");
  found.push(...(await violations(page)));

  await signInAs(page, "admin");
  for (const path of [
    "/",
    ...NAV_PAGES.map((p) => p.path),
    "/runs/new",
    "/approvals?tab=history",
    "/dashboards?view=operations",
    "/dashboards?view=envelope",
    "/dashboards?view=undo",
    "/agents/new",
    "/this-page-does-not-exist",
  ])
    await visit(page, path, found);

  await page.goto("/runs");
  const run = page.getByRole("region", { name: "Runs" }).getByRole("link").first();
  if ((await run.count()) > 0) {
    await visit(page, (await run.getAttribute("href")) ?? "/runs", found);
  }
  await page.goto("/agents");
  const agent = page.getByRole("main").getByRole("link", { name: "support-triage" }).first();
  if ((await agent.count()) > 0) await visit(page, (await agent.getAttribute("href")) ?? "/agents", found);

  await signOut(page);
  await signInAs(page, "viewer");
  for (const path of ["/runs", "/audit", "/settings"]) await visit(page, path, found);

  expect(found).toEqual([]);
});
