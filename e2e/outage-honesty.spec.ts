import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { asAdmin, resumeAgent } from "./cleanup";
import { expect, mainNav, saveScreen, signInAs, test } from "./fixtures";
import { NewRunPage, RunPage } from "./pages/run-pages";

const connection = (page: Page) => page.getByTestId("connection-status");
const OFFLINE = /Offline since \d{1,2}:\d{2}:\d{2}.*data may be stale/;

/** Screenshots of the state on a desktop and on a phone, with nothing wider than the screen. */
async function lookAt(page: Page, name: string) {
  for (const [width, height, device] of [
    [1440, 900, "desktop"],
    [390, 844, "phone"],
  ] as const) {
    await page.setViewportSize({ width, height });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await saveScreen(page, `${name}-${device}`);
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

/** A run that takes its time, so it is still going while the network comes and goes. */
async function startSlowRun(page: Page): Promise<string> {
  await page.goto("/runs/new");
  return new NewRunPage(page).start({
    agent: "ops-health",
    goal: "Check the app's health",
    model: "sim:default:20000",
  });
}

test("a Stop sent during an outage says it was not applied, and Try again stops the run once the server answers", async ({
  page,
  context,
}) => {
  test.setTimeout(60_000);
  await signInAs(page, "operator");
  const runId = await startSlowRun(page);
  const run = new RunPage(page);
  await expect(connection(page)).toHaveText("Live");
  await expect(run.status).toHaveText("running");

  await page.getByRole("button", { name: "Stop", exact: true }).click();
  await page.getByRole("main").getByLabel("Reason").fill("outage drill");
  await context.setOffline(true);
  // The live view no longer passes the last status it had for the present one.
  await expect(connection(page)).toHaveText(OFFLINE);
  await expect(page.getByRole("region", { name: "Run summary" })).toContainText("last known");

  await page.getByRole("button", { name: "Stop run" }).click();
  const refused = page.getByRole("alert").filter({ hasText: "Stop run was NOT applied" });
  await expect(refused).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: `Run ${runId.slice(0, 8)}` })).toBeVisible();
  await expect(page.getByRole("button", { name: "Try again" })).toBeVisible();
  await lookAt(page, "run-offline");

  // Back online: the page follows the run again by itself.
  await context.setOffline(false);
  await expect(connection(page)).toHaveText("Live", { timeout: 10_000 });
  await expect(run.status).toHaveText("running");

  // A server that answers with an error page (a proxy while the app restarts) did not stop it either.
  const failing = (url: URL) => url.pathname === `/runs/${runId}`;
  await page.route(failing, (route) =>
    route.request().method() === "POST"
      ? route.fulfill({ status: 502, contentType: "text/html", body: "<h1>Bad gateway</h1>" })
      : route.continue(),
  );
  await page.getByRole("button", { name: "Try again" }).click();
  await expect(refused).toBeVisible();
  await page.unroute(failing);

  await page.getByRole("button", { name: "Try again" }).click();
  await expect(run.status).toHaveText("killed", { timeout: 5_000 });
  await expect(refused).toHaveCount(0);
});

test("the runs list and the inbox say when they went offline, and are live again, up to date, when the network returns", async ({
  page,
  context,
  browser,
}) => {
  test.setTimeout(60_000);
  await signInAs(page, "operator");
  const runId = await startSlowRun(page);
  const row = page.locator(`tr[data-run-id="${runId}"]`).getByTestId("run-status");

  await page.goto("/runs");
  await expect(connection(page)).toHaveText("Live");
  await expect(row).toHaveText("running");
  await context.setOffline(true);
  await expect(connection(page)).toHaveText(OFFLINE);

  // Someone else stops the run meanwhile; this page learns it when it is back.
  const elsewhere = await browser.newContext();
  const other = await elsewhere.newPage();
  await signInAs(other, "admin");
  await other.goto(`/runs/${runId}`);
  await other.getByRole("button", { name: "Stop", exact: true }).click();
  await other.getByRole("main").getByLabel("Reason").fill("stopped from another desk");
  await other.getByRole("button", { name: "Stop run" }).click();
  await expect(new RunPage(other).status).toHaveText("killed", { timeout: 5_000 });
  await elsewhere.close();

  await context.setOffline(false);
  await expect(connection(page)).toHaveText("Live", { timeout: 10_000 });
  await expect(row).toHaveText("killed", { timeout: 5_000 });

  await page.goto("/approvals");
  await expect(connection(page)).toHaveText("Live");
  await context.setOffline(true);
  await expect(connection(page)).toHaveText(OFFLINE);
  await context.setOffline(false);
  await expect(connection(page)).toHaveText("Live", { timeout: 10_000 });
});

test("a missing run, a malformed run id and a missing agent answer 404 inside the app's navigation", async ({
  page,
}) => {
  await signInAs(page, "operator");
  for (const path of [`/runs/${randomUUID()}`, "/runs/not-a-uuid"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Run not found" })).toBeVisible();
    await expect(mainNav(page).getByRole("link", { name: "Runs" })).toBeVisible();
    await expect(page.getByRole("main").getByRole("link", { name: "Back to Runs" })).toBeVisible();
  }
  await lookAt(page, "run-not-found");
  await page.getByRole("main").getByRole("link", { name: "Back to Runs" }).click();
  await expect(page).toHaveURL(/\/runs$/);

  const agent = await page.goto(`/agents/${randomUUID()}`);
  expect(agent?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Agent not found" })).toBeVisible();
});

test.describe("a paused agent", () => {
  test.afterEach(({ browser }, testInfo) =>
    asAdmin(browser, testInfo, (page) => resumeAgent(page, "ops-health")),
  );

  test("a Resume sent during an outage says it was not applied, and Try again resumes the agent once the server answers", async ({
    page,
    context,
  }) => {
    page.on("dialog", (dialog) => void dialog.accept());
    await signInAs(page, "operator");
    await mainNav(page).getByRole("link", { name: "Agents" }).click();
    await page.getByRole("link", { name: "ops-health" }).first().click();
    await page.getByRole("button", { name: "Pause", exact: true }).click();
    await page.getByLabel("Reason").fill("outage drill");
    await page.getByRole("button", { name: "Pause agent" }).click();
    await expect(page.getByTestId("agent-paused")).toBeVisible();

    await context.setOffline(true);
    await page.getByRole("button", { name: "Resume" }).click();
    const refused = page.getByRole("alert").filter({ hasText: "Resume was NOT applied" });
    await expect(refused).toContainText("the switch still holds");
    await expect(page.getByTestId("agent-paused")).toBeVisible();

    await context.setOffline(false);
    await page.getByRole("button", { name: "Try again" }).click();
    await expect(page.getByTestId("agent-paused")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Pause", exact: true })).toBeVisible();
  });
});
