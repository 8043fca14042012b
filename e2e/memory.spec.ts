import { axeViolations } from "./axe";
import { expect, expectNoSideScroll, saveScreen, signInAs, signOut, test, unique } from "./fixtures";
import { MemoryPage } from "./pages/memory-page";
import { NewRunPage, RunPage } from "./pages/run-pages";

test("an operator adds, edits and deletes an agent's memory; a viewer reads it redacted", async ({
  page,
  audit,
}) => {
  // Four sign-ins, as operator, viewer, operator and admin.
  test.setTimeout(90_000);
  const pageErrors: Error[] = [];
  page.on("pageerror", (error) => pageErrors.push(error));
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInAs(page, "operator");
  const memory = new MemoryPage(page);
  await memory.open("ops-health");
  await expect(memory.items).toContainText("Nothing remembered yet");
  await saveScreen(page, "memory-empty");

  const key = `${unique("customer")}:channel`;
  await memory.newItem.getByLabel("Key").fill(key);
  const value = memory.newItem.getByLabel("Value (JSON)");
  await value.fill('{"channel": "email", "address": "jane@example.com"');
  await expect(memory.newItem.getByRole("alert")).toContainText("Not JSON yet");
  await expect(memory.newItem.getByRole("button", { name: "Add item" })).toBeDisabled();
  await value.fill('{"channel": "email", "address": "jane@example.com"}');
  await memory.newItem.getByRole("button", { name: "Add item" }).click();

  const item = memory.item(key);
  await expect(item).toContainText("version 1");
  await expect(memory.row(key)).toContainText("jane@example.com");
  await expect(memory.row(key)).toContainText("✎");

  const editor = item.getByRole("form", { name: `Edit ${key}` });
  await editor.getByLabel("Value (JSON)").fill('{"channel": "phone"}');
  await editor.getByRole("button", { name: "Save as version 2" }).click();
  await expect(item).toContainText("version 2");
  await expect(item.locator("li[data-version]")).toHaveCount(2);
  await expect(memory.row(key)).toContainText('{"channel":"phone"}');
  await saveScreen(page, "memory-item");
  expect(await axeViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  await saveScreen(page, "memory-item-phone");
  await expectNoSideScroll(page);
  await page.setViewportSize({ width: 1440, height: 900 });

  await signOut(page);
  await signInAs(page, "viewer");
  await memory.open("ops-health");
  await expect(memory.row(key)).toContainText('{"channel":"[redacted]"}');
  await expect(memory.newItem).toHaveCount(0);
  await memory.row(key).getByRole("link", { name: key }).click();
  await expect(memory.item(key).getByRole("button", { name: "Delete item" })).toHaveCount(0);
  await expect(memory.item(key)).not.toContainText("phone");
  await saveScreen(page, "memory-viewer");
  await page.setViewportSize({ width: 390, height: 844 });
  await saveScreen(page, "memory-viewer-phone");
  await page.setViewportSize({ width: 1440, height: 900 });

  await signOut(page);
  await signInAs(page, "operator");
  await memory.open("ops-health");
  await memory.row(key).getByRole("link", { name: key }).click();
  await memory.item(key).getByRole("button", { name: "Delete item" }).click();
  await page
    .getByRole("alertdialog", { name: "Confirm delete" })
    .getByRole("button", { name: `Delete ${key}` })
    .click();
  await expect(memory.row(key)).toHaveCount(0);
  await expect(memory.items).toContainText("Nothing remembered yet");

  await signOut(page);
  await signInAs(page, "admin");
  await audit.goto();
  await expect(audit.entry("memory.written", "ops-health")).toHaveCount(2);
  await expect(audit.entry("memory.deleted", "ops-health")).toHaveCount(1);
  expect(pageErrors).toEqual([]);
});

test("an operator has each run of an agent leave its summary in memory, marked untrusted", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInAs(page, "operator");
  const memory = new MemoryPage(page);
  await memory.open("ops-health");
  const settings = page.getByRole("form", { name: "Run summaries" });
  await settings.getByLabel("Keep a summary of each run").check();
  await settings.getByRole("button", { name: "Save" }).click();
  await expect(settings.getByRole("status")).toHaveText("Runs that end from now on leave a summary.");

  const session = unique("health-check");
  await page.goto("/runs/new");
  const runId = await new NewRunPage(page).start({
    agent: "ops-health",
    goal: "Check the app's health for 2031-02-14",
    session,
  });
  await expect(new RunPage(page).status).toHaveText("succeeded", { timeout: 60_000 });

  await memory.open("ops-health");
  const row = memory.items.locator(`tr[data-memory-key="last_run"]`).filter({ hasText: session });
  await expect(row).toContainText("untrusted");
  await row.getByRole("link", { name: "last_run" }).click();
  const item = memory.item("last_run");
  await expect(item).toContainText(runId);
  await expect(item).toContainText('"status": "succeeded"');
  await expect(item).toContainText("A run's summary: its answer is a model's text");
  await expect(
    item.getByRole("link", { name: new RegExp(`Run ${runId.slice(0, 8)}`) }).first(),
  ).toBeVisible();
  await saveScreen(page, "memory-run-summary");
  expect(await axeViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  await saveScreen(page, "memory-run-summary-phone");
  await expectNoSideScroll(page);
  await page.setViewportSize({ width: 1440, height: 900 });

  // Off again: the other specs' ops-health runs leave nothing.
  await page.getByRole("form", { name: "Run summaries" }).getByLabel("Keep a summary of each run").uncheck();
  await page.getByRole("form", { name: "Run summaries" }).getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("form", { name: "Run summaries" }).getByRole("status")).toHaveText(
    "Runs no longer leave a summary.",
  );
});
