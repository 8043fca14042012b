import { test as base, expect, type Page } from "@playwright/test";
import { axeViolations } from "./axe";
import { AuditPage } from "./pages/audit-page";
import { SettingsPage } from "./pages/settings-page";

export { expect };

/** Must match FLIGHTDECK_DEMO_PASSWORD in playwright.config.ts. */
export const DEMO_PASSWORD = "e2e-demo-password";
export const DEMO_TENANT = "Acme Support";

export type Role = "admin" | "operator" | "viewer";

export const NAV_PAGES = [
  { name: "Runs", path: "/runs" },
  { name: "Approvals", path: "/approvals" },
  { name: "Agents", path: "/agents" },
  { name: "Playbooks", path: "/playbooks" },
  { name: "Tools", path: "/tools" },
  { name: "Documents", path: "/documents" },
  { name: "Dashboards", path: "/dashboards" },
  { name: "Evals", path: "/evals" },
  { name: "Policies", path: "/policies" },
  { name: "Audit log", path: "/audit" },
  { name: "Settings", path: "/settings" },
  // The demo admin is also the deployment's operator here (FLIGHTDECK_PLATFORM_ADMINS in playwright.config.ts).
  { name: "Tenants", path: "/platform" },
] as const;

let counter = 0;
/** Tests share one database, so everything they create gets a name no other test uses. */
export const unique = (label: string) => `${label}-${Date.now()}-${++counter}`;
export const uniqueEmail = (label: string) => `${unique(label)}@e2e.test`;

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/runs$/);
  await expect(page.getByRole("heading", { level: 1, name: "Runs" })).toBeVisible();
}

export const signInAs = (page: Page, role: Role) => signIn(page, `${role}@acme.test`, DEMO_PASSWORD);

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

/** Opens an invitation link signed out, chooses a password and lands signed in. */
export async function acceptInvitation(page: Page, link: string, password: string) {
  await page.goto(link);
  await page.getByLabel("Choose a password").fill(password);
  await page.getByRole("button", { name: "Create my account and join" }).click();
  await expect(page).toHaveURL(/\/runs$/);
  await expect(page.getByRole("heading", { level: 1, name: "Runs" })).toBeVisible();
}

export const mainNav = (page: Page) => page.getByLabel("Main navigation").getByRole("navigation");

/** Full-page screenshots for a human to look at, kept apart from Playwright's failure artefacts. */
export async function saveScreen(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });
}

export const test = base.extend<{ settings: SettingsPage; audit: AuditPage }>({
  settings: async ({ page }, use) => use(new SettingsPage(page)),
  audit: async ({ page }, use) => use(new AuditPage(page)),
});

/** The page fits its viewport's width once laid out: charts resize a frame after the viewport does. */
export async function expectNoSideScroll(page: Page) {
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth))
    .toBeLessThanOrEqual(0);
}

/**
 * The page as a person sees it at desktop and phone width: both screenshots saved, no axe
 * violation, no sideways scroll on the phone; the viewport is back at desktop width after.
 */
export async function checkDesktopAndPhone(page: Page, name: string) {
  await saveScreen(page, name);
  expect(await axeViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  await saveScreen(page, `${name}-phone`);
  await expectNoSideScroll(page);
  await page.setViewportSize({ width: 1440, height: 900 });
}
