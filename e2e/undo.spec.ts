import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import postgres from "postgres";
import { expect, saveScreen, signInAs, test } from "./fixtures";
import { AgentPage } from "./pages/agent-page";
import { NewRunPage, RunPage } from "./pages/run-pages";

/** The e2e server's embedded PostgreSQL (playwright.config.ts gives it `.data-e2e-<port>`), for moving the clock of an email. */
function e2eDatabase() {
  const port = process.env.E2E_PORT ?? "3210";
  const { port: pgPort, password } = JSON.parse(readFileSync(`.data-e2e-${port}/pg.json`, "utf8"));
  return postgres(`postgres://flightdeck:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/flightdeck`, {
    max: 1,
  });
}

async function finishedRun(page: Page, goal: string) {
  await page.goto("/runs/new");
  await new NewRunPage(page).start({ agent: "support-triage", goal, model: "sim:default" });
  await expect(new RunPage(page).status).toHaveText("succeeded", { timeout: 60_000 });
  // The receipts panel is rendered by the server: load the finished run.
  await page.reload();
  return page.getByRole("region", { name: "Receipts" });
}

const actionReceipt = (panel: ReturnType<Page["getByRole"]>, tool: string) =>
  panel
    .getByTestId("receipt")
    .filter({ hasText: tool })
    .filter({ has: panel.page().locator(".receipt-kind-action") });

test("an operator undoes a refund from the run page and the agent's undo rate moves", async ({ page }) => {
  test.setTimeout(90_000);
  await signInAs(page, "operator");
  const panel = await finishedRun(page, "Resolve ticket T-1001");
  const refund = actionReceipt(panel, "issue_refund");
  await expect(refund).toHaveCount(1);
  await refund.getByRole("button", { name: "Undo" }).click();
  const form = refund.getByRole("form", { name: /Undo receipt/ });
  await form.getByLabel("Why undo it?").fill("The customer kept the item after all");
  await form.getByRole("button", { name: "Undo" }).click();

  await expect(refund.getByTestId("receipt-reverted")).toContainText("undone by #");
  await expect(refund.getByTestId("receipt-reverted")).toContainText("The customer kept the item after all");
  const reversal = panel.getByTestId("receipt").filter({ has: page.locator(".receipt-kind-undo") });
  await expect(reversal).toContainText("undoes #");
  await expect(reversal).toContainText("reverses_ledger_id");
  await expect(reversal).toContainText("-18.5");
  await refund.scrollIntoViewIfNeeded();
  await saveScreen(page, "run-receipts");

  const agent = new AgentPage(page);
  await agent.open("support-triage");
  await expect(page.getByTestId("agent-undo-rate")).not.toHaveText(/^(0%|—)$/);

  await page.goto("/dashboards");
  await page.getByRole("navigation", { name: "Dashboards" }).getByRole("link", { name: "Undo rate" }).click();
  await expect(page).toHaveURL(/view=undo/);
  await expect(page.getByTestId("stat-undo-rate")).not.toHaveText(/^(0%|—)$/);
  await expect(page.getByRole("region", { name: "Undo rate by tool" })).toContainText("issue_refund");
  await page.locator("#undo-rate").scrollIntoViewIfNeeded();
  await saveScreen(page, "dashboards-undo-rate");
});

test("undoing an email after its grace period is refused, with a manual revert offered", async ({ page }) => {
  test.setTimeout(90_000);
  await signInAs(page, "operator");
  const panel = await finishedRun(page, "Resolve ticket T-1005");
  const email = actionReceipt(panel, "send_email");
  const outboxId = Number(/outbox_id\s*(\d+)/.exec((await email.innerText()) ?? "")?.[1]);
  expect(outboxId).toBeGreaterThan(0);
  // Two minutes in a test are too long: the message's delivery time moves into the past.
  const sql = e2eDatabase();
  try {
    await sql`update demo_outbox set deliver_after = now() - interval '1 minute' where id = ${outboxId}`;
  } finally {
    await sql.end();
  }

  await email.getByRole("button", { name: "Undo" }).click();
  await email.getByLabel("Why undo it?").fill("Sent to the wrong address");
  await email.getByRole("button", { name: "Undo" }).click();
  const manual = email.getByRole("form", { name: /as reverted manually/ });
  await expect(manual.getByRole("alert")).toContainText("an email cannot be unsent");
  await expect(manual.getByRole("alert")).toContainText("mark it as reverted manually");
  await saveScreen(page, "run-receipts-email-refused");
  await manual.getByLabel("How was it reverted?").fill("Phoned the customer to correct it");
  await manual.getByRole("button", { name: "Mark reverted manually" }).click();
  await expect(email.getByTestId("receipt-reverted")).toContainText("reverted manually by #");
});
