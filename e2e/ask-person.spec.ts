import type { Page } from "@playwright/test";
import { expect, mainNav, saveScreen, signInAs, signOut, test } from "./fixtures";
import { NewRunPage, RunPage } from "./pages/run-pages";

/** T-1020 leaves the refund's amount to the shop: the simulated support agent asks a person. */
async function startAskingRun(page: Page): Promise<string> {
  await page.goto("/runs/new");
  const runId = await new NewRunPage(page).start({ agent: "support-triage", goal: "Resolve ticket T-1020" });
  await expect(new RunPage(page).status).toHaveText("waiting for an answer", { timeout: 30_000 });
  return runId;
}

async function openQuestion(page: Page, runId: string, shown = "How much should I refund on order O-5018") {
  await mainNav(page).getByRole("link", { name: "Approvals" }).click();
  await page.locator(`[data-run-id="${runId}"]`).click();
  await expect(page.getByTestId("question-text")).toContainText(shown);
}

test("the agent asks a person, an operator's message and answer reach it, and it refunds what it was told", async ({
  page,
}) => {
  test.setTimeout(150_000);
  await signInAs(page, "operator");
  const runId = await startAskingRun(page);

  // A message to the parked run: stored now, read by the model when the run resumes.
  await page.getByText("Message…").click();
  const form = page.getByRole("form", { name: "Send the agent a message" });
  await form.getByLabel("Send the agent a message").fill("Mention the order number in the email.");
  await form.getByRole("button", { name: "Send message" }).click();
  await expect(form.getByRole("status")).toContainText("Sent");

  await openQuestion(page, runId);
  const pane = page.locator(".approvals-pane");
  await expect(pane.getByRole("region", { name: "The agent's reason" })).toContainText(
    "leaves the amount to us",
  );
  await expect(page.locator(`[data-run-id="${runId}"]`)).toContainText("question");
  await saveScreen(page, "ask-person-question");
  await page.setViewportSize({ width: 390, height: 844 });
  await saveScreen(page, "ask-person-question-phone");
  await page.setViewportSize({ width: 1280, height: 720 });

  // Viewers see that a question waits (its words redacted, as payloads are) and can neither answer nor message.
  await signOut(page);
  await signInAs(page, "viewer");
  await openQuestion(page, runId, "[redacted]");
  await expect(page.getByRole("note")).toContainText("can read approval requests but not decide them");
  await expect(page.getByLabel(/Your answer/)).toHaveCount(0);
  await page.goto(`/runs/${runId}`);
  await expect(new RunPage(page).status).toHaveText("waiting for an answer");
  await expect(page.getByText("Message…")).toHaveCount(0);
  await signOut(page);

  await signInAs(page, "operator");
  await openQuestion(page, runId);
  await page.getByLabel(/Your answer/).fill("Refund $20, the crack is cosmetic.");
  await page.getByRole("button", { name: "Send answer" }).click();
  await expect(page.getByText("Answered: the run resumes with your answer.")).toBeVisible();

  await page.goto(`/runs/${runId}`);
  await expect(new RunPage(page).status).toHaveText("succeeded", { timeout: 30_000 });
  await expect(page.getByText("operator message").first()).toBeVisible();
  await expect(page.getByText("question ask_person").first()).toBeVisible();
  await saveScreen(page, "ask-person-run");
});
