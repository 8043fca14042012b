import { acceptInvitation, expect, saveScreen, signInAs, test, unique, uniqueEmail } from "./fixtures";

test("a deployment operator opens a tenant, its admin joins, and a suspension locks them out until resumed", async ({
  page,
  browser,
}) => {
  await signInAs(page, "admin");
  await page.getByRole("link", { name: "Tenants" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Tenants" })).toBeVisible();

  const name = unique("Globex");
  const email = uniqueEmail("globex-admin");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("First admin's email").fill(email);
  await page.getByRole("button", { name: "Create tenant" }).click();
  await expect(page.getByTestId("tenant-created")).toContainText(`${name} is open`);
  const link = await page.getByLabel("Invitation link").inputValue();
  expect(link).toContain("/invite/");
  await saveScreen(page, "platform-tenants");

  // The new tenant's admin accepts in a browser of their own and finds an empty tenant.
  const theirs = await browser.newContext();
  const them = await theirs.newPage();
  await acceptInvitation(them, new URL(link).pathname, "globex admin password");

  const row = page.getByRole("row").filter({ hasText: name });
  page.on("dialog", (dialog) => void dialog.accept());
  await row.getByRole("button", { name: "Suspend…" }).click();
  await row.getByLabel("Why").fill("e2e: unpaid invoice");
  await row.getByRole("button", { name: "Suspend", exact: true }).click();
  await expect(row).toContainText("Suspended");
  await expect(page.getByTestId("platform-log")).toContainText(`suspended ${name}: e2e: unpaid invoice`);
  await page.setViewportSize({ width: 390, height: 844 });
  await saveScreen(page, "platform-tenants-phone");
  await page.setViewportSize({ width: 1280, height: 720 });

  // Their session ends at the next page, and signing in again says why.
  await them.reload();
  await expect(them).toHaveURL(/\/sign-in/);
  await them.getByLabel("Email").fill(email);
  await them.getByLabel("Password").fill("globex admin password");
  await them.getByRole("button", { name: "Sign in" }).click();
  await expect(them.getByText("Your tenant is suspended by the deployment's operator")).toBeVisible();

  await row.getByRole("button", { name: "Resume" }).click();
  await expect(row).toContainText("Active");
  await them.goto("/runs");
  await expect(them.getByRole("heading", { level: 1, name: "Runs" })).toBeVisible();
  await theirs.close();
});

test("a tenant's admin who is not a deployment operator finds no tenants page", async ({ page }) => {
  await signInAs(page, "operator");
  await expect(page.getByRole("link", { name: "Tenants" })).toHaveCount(0);
  await page.goto("/platform");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByText("New tenant")).toHaveCount(0);
});
