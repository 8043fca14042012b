import { expect, mainNav, saveScreen, signInAs, test } from "./fixtures";

test("a viewer sees members but cannot manage them, keys or the audit log", async ({ page, settings }) => {
  await signInAs(page, "viewer");
  await expect(page.getByTestId("current-role")).toHaveText("viewer");
  await expect(mainNav(page).getByRole("link", { name: "Audit log" })).toHaveCount(0);

  await settings.goto();
  await expect(settings.membersTable.getByRole("row").filter({ hasText: "viewer@acme.test" })).toBeVisible();
  await expect(settings.inviteForm).toHaveCount(0);
  await expect(settings.keysSection).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "API keys" })).toHaveCount(0);
  await saveScreen(page, "viewer-settings");

  await page.goto("/audit");
  await expect(page.getByRole("heading", { name: "Not available to your role" })).toBeVisible();
  await expect(page.getByRole("table")).toHaveCount(0);
  await saveScreen(page, "viewer-audit");
});
