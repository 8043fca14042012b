import { expect, saveScreen, signInAs, signOut, test } from "./fixtures";
import { NewRunPage, RunPage } from "./pages/run-pages";

test("an operator starts a run, follows it live and reads the refund's receipt", async ({ page }) => {
  test.setTimeout(90_000);
  await signInAs(page, "operator");
  await page.getByRole("link", { name: "New run" }).first().click();
  const newRun = new NewRunPage(page);
  await expect(newRun.form).toBeVisible();
  await newRun.form.getByLabel("Goal").fill("Resolve ticket T-1009");
  await saveScreen(page, "new-run");

  // Simulator latency makes the run last a few seconds, so the page must follow it live.
  const runId = await newRun.start({
    agent: "support-triage",
    goal: "Resolve ticket T-1009",
    model: "sim:default:400",
  });
  const run = new RunPage(page);
  await page.evaluate(() => Object.assign(window, { samePage: true }));
  const stepsAtLanding = await run.steps.count();
  await expect(page.getByRole("button", { name: "Stop", exact: true })).toBeVisible();

  await expect(run.status).toHaveText("succeeded", { timeout: 60_000 });
  expect(await run.steps.count()).toBeGreaterThan(stepsAtLanding);
  expect(await page.evaluate(() => "samePage" in window)).toBe(true);
  const seqs = await run.stepSeqs();
  expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  await expect(run.spans.first()).toContainText("invoke_agent support-triage");

  // The page that followed the run offers no Stop for it any more, and shows its receipts, without a reload.
  await expect(page.getByRole("button", { name: "Stop", exact: true })).toHaveCount(0);
  const receipts = page.getByRole("region", { name: "Receipts" });
  await expect(receipts.getByTestId("receipt").filter({ hasText: "issue_refund" })).toHaveCount(1);
  expect(await page.evaluate(() => "samePage" in window)).toBe(true);

  const refund = run.toolStep("issue_refund");
  await expect(refund).toHaveCount(1);
  await refund.locator("summary").first().click();
  await expect(refund.getByText("Arguments", { exact: true })).toBeVisible();
  await expect(refund).toContainText('"amount_usd": 7.5');
  await expect(refund.getByText("Receipt", { exact: true })).toBeVisible();
  await expect(refund).toContainText('"ledger_id"');

  // Selecting the tool's span opens and highlights its step.
  await run.spans.filter({ hasText: "execute_tool send_email" }).first().click();
  await expect(run.toolStep("send_email")).toHaveAttribute("open", "");
  await expect(run.toolStep("send_email")).toHaveClass(/step-selected/);
  await saveScreen(page, "run-page");

  // A reconnecting EventSource sends Last-Event-ID: the stream resumes after it and ends with the run.
  const resumed = await page.request.get(`/api/runs/${runId}/stream?after=0`, {
    headers: { "last-event-id": String(seqs.length - 2) },
  });
  const body = await resumed.text();
  expect(resumed.headers()["content-type"]).toContain("text/event-stream");
  expect(body.match(/^id: \d+$/gm)).toEqual([`id: ${seqs.length - 1}`, `id: ${seqs.length}`]);
  expect(body).toContain("event: end");

  await page.getByRole("link", { name: "← Runs" }).click();
  const row = page.locator(`tr[data-run-id="${runId}"]`);
  await expect(row).toContainText("support-triage");
  await expect(row).toContainText("simulated");
  await expect(row.getByTestId("run-status")).toHaveText("succeeded");
  await saveScreen(page, "runs-list");

  await page.getByLabel("Status").selectOption("failed");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/status=failed/);
  await expect(page.locator(`tr[data-run-id="${runId}"]`)).toHaveCount(0);
});

test("a viewer can read runs but cannot start one", async ({ page }) => {
  await signInAs(page, "viewer");
  await expect(page.getByRole("link", { name: "New run" })).toHaveCount(0);
  await page.goto("/runs/new");
  await expect(page.getByRole("heading", { name: "Not available to your role" })).toBeVisible();
  await expect(page.getByRole("form", { name: "Start a run" })).toHaveCount(0);
});

test("an unknown run id shows a not-found state, and the live streams refuse strangers", async ({
  page,
  request,
}) => {
  expect((await request.get("/api/runs/events")).status()).toBe(401);
  expect((await request.get("/api/runs/00000000-0000-4000-8000-000000000000/stream")).status()).toBe(401);
  await signInAs(page, "operator");
  await page.goto("/runs/00000000-0000-4000-8000-000000000000");
  await expect(page.getByRole("heading", { name: "Run not found" }).first()).toBeVisible();
  const stream = await page.request.get("/api/runs/00000000-0000-4000-8000-000000000000/stream");
  expect(stream.status()).toBe(404);
  await page.goto("/runs/not-a-run");
  await expect(page.getByRole("heading", { name: "Run not found" }).first()).toBeVisible();
});

test("the new-run form is pre-filled from the URL and explains a bad model name", async ({ page }) => {
  await signInAs(page, "operator");
  await page.goto("/runs/new?agent=ops-health&input=Check%20the%20shop");
  const form = new NewRunPage(page).form;
  await expect(form.getByLabel("Agent")).toHaveValue("ops-health");
  await expect(form.getByLabel("Goal")).toHaveValue("Check the shop");
  await form.getByLabel("Model override (optional)").fill("nonsense");
  await form.getByRole("button", { name: "Start run" }).click();
  await expect(form.getByRole("alert")).toContainText("is not a model name");
  await expect(form.getByLabel("Model override (optional)")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("Goal")).toHaveValue("Check the shop");
});

test("an operator finds a run by words of its goal or answer, and its session's runs; a viewer has no search", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await signInAs(page, "operator");
  await page.goto("/runs/new");
  const marker = `quokka${Date.now()}`;
  const runId = await new NewRunPage(page).start({
    // The health agent acts on no ticket: the demo shop stays as the other tests expect it.
    agent: "ops-health",
    goal: `Check the app's health for ${marker}`,
    session: `case-${marker}`,
  });
  await expect(new RunPage(page).status).toHaveText("succeeded", { timeout: 60_000 });
  // Run again stays in the session; the session's runs are one click away.
  await page.getByRole("link", { name: "Run again" }).click();
  await expect(page.getByLabel("Session (optional)")).toHaveValue(`case-${marker}`);
  const again = await new NewRunPage(page).start({
    agent: "ops-health",
    goal: "Check the app's health again",
  });
  await page.getByRole("link", { name: "Session runs" }).click();
  await expect(page).toHaveURL(new RegExp(`session=case-${marker}`));
  await expect(page.locator("tr[data-run-id]")).toHaveCount(2);
  await expect(page.locator(`tr[data-run-id="${again}"]`)).toBeVisible();

  await page.goto("/runs");
  const search = page.getByLabel("Search goals and answers");
  await search.fill(marker);
  await search.press("Enter");
  await expect(page).toHaveURL(new RegExp(`q=${marker}`));
  const rows = page.locator("tr[data-run-id]");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-run-id", runId);
  await saveScreen(page, "runs-search");

  await search.fill(`${marker} -health`);
  await search.press("Enter");
  await expect(page.getByText("No runs match these filters")).toBeVisible();

  await signOut(page);
  await signInAs(page, "viewer");
  await page.goto(`/runs?q=${marker}`);
  await expect(page.getByLabel("Search goals and answers")).toHaveCount(0);
  // The viewer's list ignores the search rather than tell what a masked goal holds.
  await expect(page.locator("tr[data-run-id]").first()).toBeVisible();
});
