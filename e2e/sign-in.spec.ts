import {
  acceptInvitation,
  DEMO_PASSWORD,
  DEMO_TENANT,
  expect,
  saveScreen,
  signIn,
  signOut,
  test,
  uniqueEmail,
} from "./fixtures";

test("a wrong password shows an error and keeps the visitor on the sign-in page", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await saveScreen(page, "sign-in");
  await page.getByLabel("Email").fill("admin@acme.test");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "do not match" })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
  await saveScreen(page, "sign-in-error");
});

test("signing in never lands on another site, whatever the link asked for", async ({ page, baseURL }) => {
  await page.goto("/sign-in?callbackUrl=//example.org/login");
  await page.getByLabel("Email").fill("admin@acme.test");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Runs" })).toBeVisible();
  expect(new URL(page.url()).origin).toBe(new URL(baseURL ?? "").origin);
});

test("a signed-out visit to a page redirects to sign-in", async ({ page }) => {
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
});

test("an invited member accepts the link, chooses a password, and it works once", async ({
  page,
  settings,
}) => {
  const email = uniqueEmail("invitee");
  const password = "invitee-own-password";
  await signIn(page, "admin@acme.test", "e2e-demo-password");
  await settings.goto();
  const link = await settings.invite(email, "viewer");
  await signOut(page);

  await acceptInvitation(page, link, password);
  await expect(page.getByTestId("current-role")).toHaveText("viewer");
  await expect(page.getByTestId("tenant-name")).toHaveText(DEMO_TENANT);
  await saveScreen(page, "invitee-runs");
  await signOut(page);

  await page.goto(link);
  await expect(page.getByRole("alert").filter({ hasText: "not valid any more" })).toBeVisible();
  await signIn(page, email, password);
});
