import type { Page } from "@playwright/test";
import { expect, mainNav, saveScreen, signInAs, signOut, test } from "./fixtures";
import { NewRunPage, RunPage } from "./pages/run-pages";

/** support-triage on a ticket asking a refund above 50 USD (T-1004: 120 USD), where policy asks a person. */
async function startParkedRun(page: Page, ticket = "T-1004"): Promise<string> {
  await page.goto("/runs/new");
  const runId = await new NewRunPage(page).start({
    agent: "support-triage",
    goal: `Resolve ticket ${ticket}`,
  });
  await expect(new RunPage(page).status).toHaveText("waiting approval", { timeout: 30_000 });
  return runId;
}

const badge = (page: Page) => mainNav(page).getByTestId("approvals-badge");

async function pendingOnBadge(page: Page): Promise<number> {
  return (await badge(page).count()) === 0 ? 0 : Number(await badge(page).textContent());
}

/** Opens the inbox on the request of this run and waits for its detail. */
async function openRequest(page: Page, runId: string) {
  if (!page.url().endsWith("/approvals"))
    await mainNav(page).getByRole("link", { name: "Approvals" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Approvals" })).toBeVisible();
  await page.locator(`[data-run-id="${runId}"]`).click();
  await expect(page.locator(`.approvals-pane a[href="/runs/${runId}"]`)).toBeVisible();
}

async function expectRunEnds(page: Page, runId: string, status: string) {
  await page.goto(`/runs/${runId}`);
  await expect(new RunPage(page).status).toHaveText(status, { timeout: 30_000 });
}

// T-1004 asks 120 USD back: rejected first (nothing refunded), then edited down to 40 and approved.
test("an operator rejects a parked refund with a comment and approves another with edited arguments", async ({
  page,
}) => {
  test.setTimeout(150_000);
  await signInAs(page, "operator");
  const before = await pendingOnBadge(page);

  // Reject with "r": the badge counts the request live; the comment is required and focused.
  const rejected = await startParkedRun(page);
  await expect(badge(page)).toHaveText(String(before + 1));
  await openRequest(page, rejected);
  const pane = page.locator(".approvals-pane");
  await expect(pane.getByRole("region", { name: "Arguments" })).toContainText('"O-5004"');
  await expect(pane.locator(".approval-arg-untrusted")).toContainText("amount_usd");
  await expect(pane.getByRole("region", { name: "Why it needs you" })).toContainText(
    "Refunds above 50 USD need a person",
  );
  await expect(pane.getByRole("region", { name: "The run so far" })).toContainText("get_order");
  await expect(page.locator(`[data-run-id="${rejected}"]`).getByTestId("approval-countdown")).toHaveText(
    /expires in (29|30):\d\d/,
  );
  await saveScreen(page, "approvals-pending");
  await page.keyboard.press("r");
  await expect(page.getByLabel(/^Comment/)).toBeFocused();
  await page.getByRole("button", { name: /Reject with this comment/ }).click();
  await expect(page.getByTestId("decision-error")).toContainText("needs a comment");
  await page.getByLabel(/^Comment/).fill("Only the grinder's share: ask the customer for photos first.");
  await page.getByRole("button", { name: /Reject with this comment/ }).click();
  await expect(page.getByTestId("inbox-notice")).toContainText("Rejected");
  await expect(page.locator(`[data-run-id="${rejected}"]`)).toHaveCount(0);
  await expect(badge(page)).toHaveCount(before === 0 ? 0 : 1);
  await page.goto(`/runs/${rejected}`);
  const run = new RunPage(page);
  await expect(run.status).not.toHaveText(/waiting approval|queued|running/, { timeout: 30_000 });
  await expect(run.toolStep("issue_refund")).toContainText("rejected");

  // Edit with "e": the refund becomes 40 USD, reviewed as a diff before approving.
  const edited = await startParkedRun(page);
  await openRequest(page, edited);
  await page.keyboard.press("e");
  const editor = page.getByLabel("Arguments to run instead (JSON)");
  await expect(editor).toBeFocused();
  await editor.fill((await editor.inputValue()).replace('"amount_usd": 120', '"amount_usd": 40'));
  await page.getByRole("button", { name: "Review changes" }).click();
  const diff = page.getByRole("region", { name: "Changes to the arguments" }).getByTestId("args-diff");
  await expect(diff.locator(".diff-del")).toContainText('"amount_usd": 120');
  await expect(diff.locator(".diff-add")).toContainText('"amount_usd": 40');
  await page.getByRole("button", { name: "Approve with these arguments" }).click();
  await expect(page.getByTestId("inbox-notice")).toContainText("Approved with edited arguments");
  await expectRunEnds(page, edited, "succeeded");
  const refund = new RunPage(page).toolStep("issue_refund");
  await refund.locator("summary").first().click();
  await expect(refund).toContainText('"amount_usd": 40');
  await expect(refund.getByTestId("args-diff")).toBeVisible();

  // History: who decided, the comment, and the edit's diff.
  await mainNav(page).getByRole("link", { name: "Approvals" }).click();
  await page.getByRole("tab", { name: "History" }).click();
  await page.locator(`[data-run-id="${edited}"]`).click();
  const record = page.getByRole("region", { name: "Decision" });
  await expect(record.getByTestId("decision-status")).toHaveText("approved");
  await expect(record).toContainText("operator@acme.test");
  await expect(record.getByTestId("args-diff").locator(".diff-add")).toContainText('"amount_usd": 40');
  await saveScreen(page, "approvals-history");
  await page.locator(`[data-run-id="${rejected}"]`).click();
  await expect(record).toContainText("ask the customer for photos first");
});

test("a viewer sees the inbox read-only; an operator approves with the keyboard", async ({ page }) => {
  test.setTimeout(90_000);
  await signInAs(page, "operator");
  const before = await pendingOnBadge(page);
  // T-1015 asks 60 USD back (the other test uses the order of T-1004).
  const runId = await startParkedRun(page, "T-1015");
  await expect(badge(page)).toHaveText(String(before + 1));
  await signOut(page);

  await signInAs(page, "viewer");
  await expect(badge(page)).toBeVisible();
  await openRequest(page, runId);
  await expect(page.getByRole("note")).toContainText("can read approval requests but not decide them");
  for (const name of [/^Approve/, /^Reject/, /^Edit arguments/])
    await expect(page.getByRole("button", { name })).toBeDisabled();
  // Redacted for the role: numbers stay, strings do not.
  await expect(page.getByRole("region", { name: "Arguments" })).toContainText("[redacted]");
  await expect(page.getByRole("region", { name: "Arguments" })).toContainText("60");
  await page.keyboard.press("a");
  await expect(page.locator(`[data-run-id="${runId}"]`)).toBeVisible();
  await expect(page.getByTestId("inbox-notice")).toHaveCount(0);
  await signOut(page);

  // Approve with "a": its amount came from untrusted text, so "a" only asks to confirm, and a double
  // tap approves nothing; the confirmation does. The request leaves the inbox, the badge goes down,
  // and the run resumes and succeeds.
  await signInAs(page, "operator");
  await openRequest(page, runId);
  await page.keyboard.press("a");
  await page.keyboard.press("a");
  await expect(page.getByRole("alert").filter({ hasText: "Approve deliberately" })).toContainText(
    "amount_usd came from untrusted text",
  );
  await expect(page.getByTestId("inbox-notice")).toHaveCount(0);
  await page.getByRole("button", { name: "Confirm approval" }).click();
  await expect(page.getByTestId("inbox-notice")).toContainText("Approved");
  await expect(page.locator(`[data-run-id="${runId}"]`)).toHaveCount(0);
  await expect(badge(page)).toHaveCount(before === 0 ? 0 : 1);
  await expectRunEnds(page, runId, "succeeded");
});
