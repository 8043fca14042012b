import { axeViolations } from "./axe";
import { expect, expectNoSideScroll, saveScreen, signInAs, test, unique } from "./fixtures";

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

async function phoneScreen(page: import("@playwright/test").Page, name: string) {
  await page.setViewportSize(PHONE);
  await expectNoSideScroll(page);
  await saveScreen(page, name);
  await page.setViewportSize(DESKTOP);
}

test("a suite file is imported and run from the app; a readiness gate keeps an agent in dry run until it passes", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize(DESKTOP);
  await signInAs(page, "admin");

  // An agent of its own, in dry run, with one read-only tool: quick to test.
  const agent = unique("gated").toLowerCase();
  await page.goto("/agents/new");
  const create = page.getByRole("form", { name: "Definition of the new agent" });
  await create.getByLabel("Name").fill(agent);
  await create.getByLabel("Instructions").fill("Look the order up with get_order, then answer the customer.");
  await create.getByRole("checkbox", { name: "get_order", exact: true }).check();
  await create.getByRole("button", { name: "Create agent" }).click();
  await expect(page).toHaveURL(/\/agents\/[0-9a-f-]{36}\?created=1$/);
  const agentUrl = page.url().split("?")[0] ?? "";

  // A pasted suite file: a bad one is refused beside the form, the good one imported.
  const suite = unique("gate-suite").toLowerCase();
  await page.goto("/evals");
  await page.getByText("Import a suite file", { exact: true }).click();
  const importForm = page.getByRole("form", { name: "Import a suite file" });
  await importForm.getByLabel("Or paste it").fill('{"format": "flightdeck.eval-suite/1", "name": "x"');
  await importForm.getByRole("button", { name: "Import suite" }).click();
  await expect(importForm.getByRole("alert")).toContainText("The suite is not JSON");
  await importForm
    .getByLabel("Or paste it")
    .fill(JSON.stringify({ format: "flightdeck.eval-suite/1", name: suite }));
  await importForm.getByRole("button", { name: "Import suite" }).click();
  await expect(importForm.getByRole("alert")).toContainText("cases");
  await saveScreen(page, "evals-import-refused");
  // The good one as a file chosen from disk.
  await importForm.getByLabel("Or paste it").fill("");
  await importForm.getByLabel("Suite file").setInputFiles({
    name: `${suite}.json`,
    mimeType: "application/json",
    buffer: Buffer.from(
      JSON.stringify({
        format: "flightdeck.eval-suite/1",
        name: suite,
        cases: [
          {
            name: "looks-up-order",
            agent: { name: agent },
            goal: "Where is order O-5002?",
            expect: { status: "succeeded", max_steps: 30 },
          },
        ],
      }),
    ),
  });
  await importForm.getByRole("button", { name: "Import suite" }).click();
  await expect(importForm.getByRole("status")).toContainText(`Imported ${suite}: 1 case.`);
  const row = page.locator(`tr[data-suite="${suite}"]`);
  await expect(row).toContainText("not run yet");
  // Its file comes back as it went in.
  const href = await row.getByRole("link", { name: `Download ${suite}.json` }).getAttribute("href");
  const file = await (await page.request.get(href ?? "")).json();
  expect(file).toMatchObject({ name: suite, cases: [{ name: "looks-up-order" }] });
  await saveScreen(page, "evals-import");
  await phoneScreen(page, "evals-import-phone");

  // The gate: the suite has never run against version 1, so the switch to live is refused, with why.
  await page.goto(agentUrl);
  const gate = page.getByRole("region", { name: "Readiness gate" });
  await gate.getByLabel("Suite that must pass before going live").selectOption(suite);
  await gate.getByRole("button", { name: "Save gate" }).click();
  await expect(gate.getByRole("status")).toContainText(`Gate set: ${suite} must pass.`);
  await expect(gate.locator("[data-readiness]")).toContainText("never run");
  const definition = page.getByRole("form", { name: "Definition" });
  await definition.getByRole("radio", { name: /^Live/ }).check();
  await definition.getByRole("button", { name: "Save" }).click();
  await expect(definition.locator("#dryRun-error")).toContainText(
    `Cannot switch ${agent} to live: its readiness suite ${suite} has no finished run against version 1.`,
  );
  await saveScreen(page, "agent-readiness-refused");
  await phoneScreen(page, "agent-readiness-refused-phone");

  // Run the suite from its page: queued, run by the worker, its result shown.
  await gate.getByRole("link", { name: suite }).click();
  await expect(page.getByRole("heading", { level: 1, name: suite })).toBeVisible();
  const runForm = page.getByRole("form", { name: "Run this suite" });
  await runForm.getByLabel("Cases of").selectOption(agent);
  await runForm.getByRole("button", { name: "Run suite" }).click();
  await expect(runForm.getByRole("status")).toContainText("Queued: 1 case.");
  const run = page.locator("tr[data-suite-run]").first();
  await expect(run).toHaveAttribute("data-status", /queued|running|finished/);
  await saveScreen(page, "evals-suite-run-progress");
  await expect(run).toHaveAttribute("data-status", "finished", { timeout: 60_000 });
  await expect(run).toContainText("1 of 1");
  await expect(run).toContainText("100 %");
  await expect(page.locator('tr[data-case="looks-up-order"]')).toContainText("pass");
  await saveScreen(page, "evals-suite-run");
  await phoneScreen(page, "evals-suite-run-phone");

  // Passed against version 1: now it may go live.
  await page.goto(agentUrl);
  await expect(gate.locator("[data-readiness]")).toContainText("passed");
  await expect(gate.locator("[data-readiness]")).toContainText("1 of 1 cases");
  await definition.getByRole("radio", { name: /^Live/ }).check();
  await definition.getByRole("button", { name: "Save" }).click();
  await expect(definition.getByRole("status")).toContainText("Saved as version 2");
  await saveScreen(page, "agent-readiness-passed");

  // Run again on a model that claims what it never did: the case fails, and its page lines its calls up
  // against those of its last pass.
  await gate.getByRole("link", { name: suite }).click();
  await runForm.getByLabel("On model").fill("sim:boastful");
  await runForm.getByRole("button", { name: "Run suite" }).click();
  await expect(runForm.getByRole("status")).toContainText("Queued: 1 case.");
  const second = page.locator("tr[data-suite-run]").first();
  await expect(second).toHaveAttribute("data-status", "finished", { timeout: 60_000 });
  await expect(second).toContainText("0 of 1");
  await page.locator('tr[data-case="looks-up-order"]').getByRole("link", { name: "looks-up-order" }).click();
  const since = page.getByRole("region", { name: "Since it last passed" });
  await expect(since).toContainText("The latest run of this case failed");
  await expect(since.getByTestId("compare-calls")).toContainText("get_ticket");
  await expect(since.getByTestId("compare-calls")).toContainText("new in B");
  await saveScreen(page, "evals-case-trajectory");
  expect(await axeViolations(page)).toEqual([]);
  await phoneScreen(page, "evals-case-trajectory-phone");
});
