import { readFileSync } from "node:fs";
import { expect, saveScreen, signInAs, test } from "./fixtures";

// playwright.config.ts starts every run on a fresh database: the tenant starts on version 0, the default.
test("an admin edits the policy, restores the default and tests a refund", async ({ page }) => {
  const pageErrors: Error[] = [];
  page.on("pageerror", (error) => pageErrors.push(error));
  await signInAs(page, "admin");
  await page.getByLabel("Main navigation").getByRole("link", { name: "Policies" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Policies" })).toBeVisible();

  const activeCard = page.getByRole("region", { name: "Active policy" });
  const version = activeCard.getByTestId("active-version");
  await expect(version).toHaveText("Version 0");
  const code = activeCard.getByRole("figure", { name: "Policy version 0" });
  await expect(code.locator(".cedar-keyword", { hasText: "permit" }).first()).toBeVisible();
  await expect(code.locator(".cedar-annotation", { hasText: "@approval" }).first()).toBeVisible();
  await expect(page.getByRole("complementary", { name: "How policy decides" })).toContainText(
    "context.provenance",
  );
  await saveScreen(page, "policies");

  // An invalid edit shows Cedar's message with its line, and nothing is saved.
  await activeCard.getByRole("button", { name: "Edit" }).click();
  const editor = activeCard.getByLabel("Policy (Cedar)");
  await expect(editor).toBeFocused();
  const original = await editor.inputValue();
  await editor.fill(
    `${original}\n@id("typo")\nforbid (principal, action, resource) when { context.nope };\n`,
  );
  await activeCard.getByRole("button", { name: "Save" }).click();
  const problem = activeCard.getByTestId("policy-save-error");
  await expect(problem).toContainText(/Line \d+, column \d+/);
  await expect(problem).toContainText("nope");
  await expect(version).toHaveText("Version 0");
  await saveScreen(page, "policies-invalid");

  // A valid edit, saved from the keyboard, becomes version 1.
  await editor.fill(original.replace('decimal("50.00")', 'decimal("60.00")'));
  await activeCard.getByLabel("Comment (optional)").fill("Refunds up to 60 USD autonomously");
  await editor.press("ControlOrMeta+Enter");
  await expect(activeCard.getByRole("status")).toContainText("Saved as version 1");
  await expect(version).toHaveText("Version 1");
  await expect(activeCard.getByRole("figure", { name: "Policy version 1" })).toContainText(
    'decimal("60.00")',
  );

  // The history shows the diff of version 0 against the active version, and restores it.
  const history = page.getByRole("region", { name: "Version history" });
  await history.getByRole("button", { name: "View version 0" }).click();
  const diff = history.getByRole("region", { name: "Diff of version 0 against version 1" });
  await expect(diff.locator(".diff-removed")).toContainText('decimal("50.00")');
  await expect(diff.locator(".diff-added")).toContainText('decimal("60.00")');
  await saveScreen(page, "policies-diff");
  await history.getByRole("button", { name: "Restore version 0" }).click();
  await history.getByRole("button", { name: "Confirm restore" }).click();
  await expect(history.getByRole("status")).toHaveText("Restored version 0 as version 2.");
  await expect(version).toHaveText("Version 2");
  await expect(history.getByRole("row").filter({ hasText: "Restored version 0" })).toHaveCount(1);

  // Test a call: a 120 USD refund waits for a person.
  const testCard = page.getByRole("region", { name: "Test a call" });
  await testCard.getByLabel("Agent").selectOption("support-triage");
  await testCard.getByLabel("Tool").selectOption("issue_refund");
  await expect(testCard.getByLabel("Arguments (JSON)")).toHaveValue(/"order_id"/);
  await testCard
    .getByLabel("Arguments (JSON)")
    .fill(JSON.stringify({ order_id: "O-5016", amount_usd: 120, reason: "Goodwill refund" }));
  await testCard.getByRole("button", { name: "Test", exact: true }).click();
  const decision = testCard.getByRole("status", { name: "Decision" });
  await expect(decision.getByTestId("decision")).toHaveText("approval");
  await expect(decision).toContainText("Refunds above 50 USD need a person");
  await expect(decision.getByRole("figure", { name: "Policy refund-over-50-needs-approval" })).toBeVisible();
  await saveScreen(page, "policies-test-call");
  expect(pageErrors).toEqual([]);
});

test("a viewer reads the policy without editing it, and tests a call", async ({ page }) => {
  await signInAs(page, "viewer");
  await page.goto("/policies");
  const activeCard = page.getByRole("region", { name: "Active policy" });
  await expect(activeCard).toContainText("Read-only: only admins can change the policy.");
  await expect(activeCard.getByRole("button", { name: "Edit" })).toHaveCount(0);
  const testCard = page.getByRole("region", { name: "Test a call" });
  await testCard.getByLabel("Agent").selectOption("ops-health");
  await testCard.getByLabel("Tool").selectOption("run_command");
  await testCard.getByLabel("Arguments (JSON)").fill('{"command": "rm -rf /"}');
  await testCard.getByRole("button", { name: "Test", exact: true }).click();
  await expect(testCard.getByTestId("decision")).toHaveText("deny");
  await testCard.getByLabel("Arguments (JSON)").fill("{not json");
  await testCard.getByRole("button", { name: "Test", exact: true }).click();
  await expect(testCard.getByRole("alert")).toContainText("Arguments is not valid JSON");
});

test("an admin exports the policy as a file and loads a file into the editor to save it", async ({
  page,
}) => {
  await signInAs(page, "admin");
  await page.goto("/policies");
  const activeCard = page.getByRole("region", { name: "Active policy" });
  const version = Number(
    (await activeCard.getByTestId("active-version").innerText()).replace("Version ", ""),
  );
  const download = page.waitForEvent("download");
  await activeCard.getByRole("link", { name: "Export" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`policy-v${version}.cedar`);
  const text = readFileSync((await file.path()) ?? "", "utf8");
  expect(text).toContain('@id("reads")');

  await activeCard.getByRole("button", { name: "Edit" }).click();
  await activeCard.getByLabel("Load a policy file").setInputFiles({
    name: "policy.cedar",
    mimeType: "text/plain",
    buffer: Buffer.from(`// Reviewed in git.\n${text}`),
  });
  await expect(activeCard.getByLabel("Policy (Cedar)")).toHaveValue(/^\/\/ Reviewed in git\./);
  await activeCard.getByRole("button", { name: "Save" }).click();
  await expect(activeCard.getByTestId("active-version")).toHaveText(`Version ${version + 1}`);
});
