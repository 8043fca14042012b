import { expect, saveScreen, signInAs, test, unique } from "./fixtures";
import { RunPage } from "./pages/run-pages";

test("an agent that runs elsewhere asks the gate: its refund waits in the inbox, runs once approved, and a Stop reaches it", async ({
  page,
  settings,
}) => {
  test.setTimeout(90_000);
  const pageErrors: Error[] = [];
  page.on("pageerror", (error) => pageErrors.push(error));
  await signInAs(page, "admin");
  await settings.goto();
  const key = await settings.createApiKey(unique("outside agent"), "operator");
  const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
  const api = async (path: string, data?: object) => {
    const response = data
      ? await page.request.post(path, { data, headers })
      : await page.request.get(path, { headers });
    expect(response.status(), path).toBeLessThan(300);
    return response.json();
  };

  // The agent's own service opens a governed run and reports its first model call's tokens.
  const opened = await api("/api/v1/gate/runs", {
    agent: "support-triage",
    input: "Refund order O-5002 in full (58 USD).",
    external_id: "billing-job-7",
  });
  await api(`/api/v1/gate/runs/${opened.id}/usage`, {
    model: "openai:gpt-5-mini",
    input_tokens: 1800,
    output_tokens: 120,
    text: "I will refund the order.",
  });
  const asked = await api(`/api/v1/gate/runs/${opened.id}/calls`, {
    tool: "issue_refund",
    args: { order_id: "O-5002", amount_usd: 58, reason: "Refund requested by the customer" },
    reason: "The customer asked for a full refund of O-5002.",
  });
  expect(asked).toMatchObject({ decision: "pending", approval_id: expect.any(String) });

  // A person approves it in the inbox, as any other run's request.
  await page.goto("/approvals");
  await page.locator(`[data-run-id="${opened.id}"]`).click();
  const pane = page.locator(".approvals-pane");
  await expect(pane).toContainText("issue_refund");
  await expect(pane).toContainText("The customer asked for a full refund of O-5002.");
  await saveScreen(page, "gate-approval");
  await page
    .getByRole("button", { name: /^Approve/ })
    .first()
    .click();
  await expect(page.getByTestId("inbox-notice")).toContainText("Approved");

  // The agent learns the decision, makes the refund with its own code and reports it with evidence.
  const decided = await api(`/api/v1/gate/runs/${opened.id}/calls/${asked.call_id}?wait=10`);
  expect(decided).toMatchObject({ decision: "allow", args: { amount_usd: 58 } });
  await api(`/api/v1/gate/runs/${opened.id}/calls/${asked.call_id}/result`, {
    status: "ok",
    output: { refund_id: "RF-771", order_id: "O-5002", amount_usd: 58 },
    receipt: { refund_id: "RF-771", amount_usd: 58 },
  });

  await page.goto("/runs?source=gate");
  const row = page.getByRole("row").filter({ hasText: "support-triage" }).first();
  await expect(row).toContainText("gate");
  await saveScreen(page, "gate-runs");
  await page.goto(`/runs/${opened.id}`);
  const run = new RunPage(page);
  await expect(page.getByText("governed by the gate (billing-job-7)")).toBeVisible();
  // Named after the model the agent reported, priced at its price; its receipt has no automatic undo.
  await expect(page.getByRole("region", { name: "Run summary" })).toContainText("openai:gpt-5-mini");
  await expect(run.toolStep("issue_refund")).toBeVisible();
  const receipts = page.getByRole("region", { name: "Receipts" });
  await expect(receipts.getByTestId("receipt").filter({ hasText: "issue_refund" })).toHaveCount(1);
  await expect(receipts.getByRole("button", { name: "Undo" })).toHaveCount(0);
  await saveScreen(page, "gate-run");

  // Stop from its page: the agent's next call is told it was stopped, and why.
  await page.getByRole("button", { name: "Stop", exact: true }).click();
  await page.getByRole("main").getByLabel("Reason").fill("wrong customer");
  await page.getByRole("button", { name: "Stop run" }).click();
  await expect(run.status).toHaveText("killed", { timeout: 5_000 });
  const next = await api(`/api/v1/gate/runs/${opened.id}/calls`, {
    tool: "send_email",
    args: { to: "james.okafor@example.net", subject: "Refund", body: "Your refund is on its way." },
  });
  expect(next).toMatchObject({ decision: "killed", message: expect.stringContaining("wrong customer") });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(run.status).toHaveText("killed");
  await saveScreen(page, "gate-run-phone");
  expect(pageErrors).toEqual([]);
});
