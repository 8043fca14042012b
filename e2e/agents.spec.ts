import { expect, saveScreen, signInAs, test } from "./fixtures";
import { AgentPage } from "./pages/agent-page";
import { NewRunPage } from "./pages/run-pages";

test("an admin edits an agent's limits and the audit log records the change", async ({ page, audit }) => {
  const pageErrors: Error[] = [];
  page.on("pageerror", (error) => pageErrors.push(error));
  await signInAs(page, "admin");
  await page.getByLabel("Main navigation").getByRole("link", { name: "Agents" }).click();
  const list = page.getByRole("region", { name: "Agents" });
  const triageRow = list.getByRole("row").filter({ hasText: "support-triage" });
  await expect(triageRow).toContainText("sim:default");
  await expect(triageRow).toContainText("simulated");
  await expect(triageRow.getByRole("link", { name: "Run support-triage" })).toHaveAttribute(
    "href",
    "/runs/new?agent=support-triage",
  );
  await expect(page.getByRole("region", { name: "Tool and model health" })).toContainText("Circuit breakers");
  await saveScreen(page, "agents");

  const agent = new AgentPage(page);
  await agent.open("support-triage");
  // playwright.config.ts starts every run on a fresh database, so the seeded agent is at version 1.
  await expect(agent.version).toHaveText("1");
  await expect(agent.form.getByRole("checkbox", { name: "issue_refund", exact: true })).toBeChecked();
  await expect(agent.form.getByRole("checkbox", { name: "run_command", exact: true })).not.toBeChecked();
  await expect(
    agent.form.getByRole("checkbox", { name: "Require a receipt of update_ticket" }),
  ).toBeChecked();

  // A rejected save names the field and keeps what was typed.
  await agent.form.getByLabel("Model", { exact: true }).fill("gpt-5");
  await agent.save();
  await expect(agent.form.locator("#model-error")).toContainText("not a model name");
  await expect(agent.form.getByLabel("Model", { exact: true })).toBeFocused();
  await agent.form.getByLabel("Model", { exact: true }).fill("sim:default");

  await agent.form.getByLabel("Max steps").fill("25");
  await agent.save();
  await expect(agent.form.getByRole("status")).toHaveText("Saved as version 2: changed max steps.");
  await expect(agent.version).toHaveText("2");
  await expect(agent.form.getByLabel("Max steps")).toHaveValue("25");
  await expect(page.getByRole("region", { name: "Agent summary" })).toContainText("25");
  await saveScreen(page, "agent-detail");

  // The header's Run link preselects the agent; the run then shows among the agent's recent runs.
  await page.getByRole("link", { name: "Run", exact: true }).click();
  await expect(page).toHaveURL(/\/runs\/new\?agent=support-triage$/);
  const runId = await new NewRunPage(page).start({ agent: "support-triage", goal: "Say hello (no ticket)" });
  await agent.open("support-triage");
  const recent = page.getByRole("region", { name: "Recent runs" });
  await expect(recent.locator(`tr[data-run-id="${runId}"]`).getByRole("link")).toHaveAttribute(
    "href",
    `/runs/${runId}`,
  );
  await saveScreen(page, "agent-recent-runs");

  await audit.goto();
  const entry = audit.entry("agent.updated", "support-triage");
  await expect(entry).toHaveCount(1);
  // The change reads as a person would say it, and the agent is a link.
  await expect(entry.getByRole("definition").filter({ hasText: "30 → 25" })).toHaveCount(1);
  await expect(entry).toContainText("max steps");
  await entry.getByRole("link", { name: /^agent / }).click();
  await expect(page.getByRole("heading", { level: 1, name: "support-triage" })).toBeVisible();
  await page.getByRole("link", { name: "Audit entries" }).click();
  await expect(page.getByRole("status")).toContainText("Entries about");
  await expect(audit.entry("agent.updated", "support-triage")).toHaveCount(1);
  await expect(entry).not.toContainText("instructions");
  expect(pageErrors).toEqual([]);
});

test("a viewer reads an agent's definition but cannot edit it", async ({ page }) => {
  await signInAs(page, "viewer");
  const agent = new AgentPage(page);
  await agent.open("ops-health");
  await expect(page.getByText("Only admins can edit agents")).toBeVisible();
  await expect(page.getByRole("list", { name: "Tools" })).toContainText("http_request");
  await expect(page.getByRole("button", { name: "Save" })).toHaveCount(0);
  await expect(page.getByRole("textbox")).toHaveCount(0);
  await expect(page.getByRole("checkbox")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Run", exact: true })).toHaveCount(0);
  await saveScreen(page, "agent-detail-viewer");
});

test("an agent moved to a model without a price says what that means and is priced where it stands", async ({
  page,
}) => {
  await signInAs(page, "admin");
  const agent = new AgentPage(page);
  await agent.open("ops-health");
  const notice = page.getByRole("region", { name: "compat:llama3.1 has no price" });
  await expect(notice).toHaveCount(0);
  await agent.form.getByLabel("Model", { exact: true }).fill("compat:llama3.1");
  await agent.save();
  await expect(agent.form.getByRole("status")).toContainText("changed model");
  await expect(notice).toContainText("token budget for models without a price");
  await saveScreen(page, "agent-unpriced-model");

  const price = notice.getByRole("form", { name: "Give compat:llama3.1 a price" });
  await price.getByLabel("Input (USD / M)", { exact: true }).fill("0.2");
  await price.getByLabel("Cached input (USD / M)").fill("0.05");
  await price.getByLabel("Output (USD / M)").fill("0.6");
  await price.getByRole("button", { name: "Save price" }).click();
  await expect(notice).toHaveCount(0);

  // Back to the simulator, so other drills run this agent offline.
  await agent.form.getByLabel("Model", { exact: true }).fill("sim:default");
  await agent.save();
  await expect(agent.form.getByRole("status")).toContainText("changed model");
});
