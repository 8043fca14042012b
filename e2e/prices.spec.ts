import { expect, saveScreen, signInAs, test } from "./fixtures";

const today = () => new Date().toISOString().slice(0, 10);

test("an admin corrects a model price from today, the runs are recomputed, and the correction is deleted again", async ({
  page,
  audit,
}) => {
  await signInAs(page, "admin");
  await page.goto("/settings");
  const section = page.getByRole("region", { name: "Model prices" });
  const form = section.getByRole("form", { name: "Set or correct a price" });
  await expect(section.getByRole("rowheader", { name: "sim:default", exact: true })).toBeVisible();

  // "Correct" copies the list price into the form; the admin changes it by keyboard.
  await section.getByRole("button", { name: /^Correct the price of sim:default from / }).click();
  await expect(form.getByLabel("Model")).toHaveValue("sim:default");
  await form.getByLabel("Effective from").fill(today());
  await form.getByLabel("Output (USD / M)").fill("-1");
  await form.getByLabel("Output (USD / M)").press("Enter");
  // The browser refuses a negative number before it is sent.
  await form.getByLabel("Output (USD / M)").fill("4");
  await form.getByLabel("Note").fill("e2e correction");
  await form.getByLabel("Note").press("Enter");
  await expect(form.getByRole("status")).toContainText(
    /Saved\. Recomputed \d+ runs? \(\d+ model calls?\) from /,
  );
  const row = section
    .getByRole("row")
    .filter({ hasText: "tenant: admin@acme.test" })
    .filter({ hasText: "sim:default" });
  await expect(row).toContainText("$4");
  await section.scrollIntoViewIfNeeded();
  await saveScreen(page, "model-prices");

  page.once("dialog", (dialog) => dialog.accept());
  await section
    .getByRole("button", { name: `Delete this tenant's price of sim:default from ${today()}` })
    .click();
  await expect(section.getByRole("status").filter({ hasText: "Deleted." })).toContainText(
    /Recomputed \d+ runs?/,
  );
  await expect(
    section
      .getByRole("row")
      .filter({ hasText: "tenant: admin@acme.test" })
      .filter({ hasText: "sim:default" }),
  ).toHaveCount(0);

  await audit.goto();
  await expect(audit.entry("price.set", "sim:default")).not.toHaveCount(0);
  await expect(audit.entry("price.deleted", "sim:default")).not.toHaveCount(0);
});

test("a viewer reads the prices but cannot change them", async ({ page }) => {
  await signInAs(page, "viewer");
  await page.goto("/settings");
  const section = page.getByRole("region", { name: "Model prices" });
  await expect(section.getByRole("rowheader", { name: "openai:gpt-5", exact: true })).toBeVisible();
  await expect(section.getByRole("form")).toHaveCount(0);
  await expect(section.getByRole("button")).toHaveCount(0);
});
