import { test } from "@playwright/test";
import { expect, signInAs } from "./fixtures";

test("every page carries the security headers and runs without a Content-Security-Policy violation", async ({
  page,
}) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(message.text()))
      violations.push(message.text());
  });
  const signIn = await page.goto("/sign-in");
  const headers = signIn?.headers() ?? {};
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  await signInAs(page, "admin");
  for (const path of ["/", "/runs", "/dashboards", "/policies", "/settings"]) {
    const response = await page.goto(path);
    expect(response?.headers()["content-security-policy"], path).toContain("default-src 'self'");
    await expect(page.locator("main")).toBeVisible();
  }
  expect(violations).toEqual([]);
});
