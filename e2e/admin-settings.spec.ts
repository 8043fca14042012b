import {
  acceptInvitation,
  DEMO_TENANT,
  expect,
  expectNoSideScroll,
  saveScreen,
  signInAs,
  test,
  unique,
  uniqueEmail,
} from "./fixtures";

test("an admin manages members and API keys, and the audit log records it", async ({
  browser,
  page,
  request,
  settings,
  audit,
}) => {
  const email = uniqueEmail("member");
  const keyName = unique("ci key");
  await signInAs(page, "admin");
  await settings.goto();

  const link = await settings.invite(email, "viewer");
  // Done, the form is empty again; refused (already invited), it keeps what was typed.
  const inviteEmail = settings.inviteForm.getByLabel("Email");
  await expect(inviteEmail).toHaveValue("");
  await inviteEmail.fill(email);
  await settings.inviteForm.getByLabel("Name (optional)").fill("Second Try");
  await settings.inviteForm.getByRole("button", { name: "Invite" }).click();
  await expect(settings.inviteForm.getByRole("alert")).toContainText("already invited");
  await expect(inviteEmail).toHaveValue(email);
  await expect(settings.inviteForm.getByLabel("Name (optional)")).toHaveValue("Second Try");
  // Nothing is attached until the person accepts, in a browser of their own.
  await expect(settings.roleSelect(email)).toHaveCount(0);
  const invitee = await browser.newContext();
  await acceptInvitation(await invitee.newPage(), new URL(link, page.url()).href, "member-own-password");
  await invitee.close();
  await page.reload();
  await expect(settings.roleSelect(email)).toHaveValue("viewer");
  await settings.changeRole(email, "operator");
  await page.reload();
  await expect(settings.roleSelect(email)).toHaveValue("operator");

  const key = await settings.createApiKey(keyName, "operator");
  await saveScreen(page, "admin-settings");
  const headers = { Authorization: `Bearer ${key}` };
  const me = await request.get("/api/v1/me", { headers });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ tenant: { name: DEMO_TENANT }, role: "operator" });

  await settings.revokeApiKey(keyName);
  const revoked = await request.get("/api/v1/me", { headers });
  expect(revoked.status()).toBe(401);
  expect(await revoked.json()).toMatchObject({ error: { code: "unauthenticated" } });

  await audit.goto();
  await expect(audit.entry("member.invited", email)).toHaveCount(1);
  await expect(audit.entry("member.role_changed", email)).toHaveCount(1);
  await expect(audit.entry("api_key.created", keyName)).toHaveCount(1);
  await expect(audit.entry("api_key.revoked", keyName)).toHaveCount(1);
  await saveScreen(page, "admin-audit");

  await audit.filterByAction("api_key.");
  await expect(audit.entry("api_key.revoked", keyName)).toHaveCount(1);
  const actions = await audit.actions();
  expect(actions.length).toBeGreaterThan(0);
  for (const action of actions) expect(action).toMatch(/^api_key\./);
  // Who acted is chosen from the people and keys the log names.
  await page.getByLabel("Who").selectOption("admin@acme.test");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/actor=admin%40acme\.test/);
  await expect(audit.entry("api_key.revoked", keyName)).toHaveCount(1);
  await saveScreen(page, "admin-audit-filtered");
  // On a phone the filters stack and the table scrolls inside its card, not the page.
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoSideScroll(page);
  await saveScreen(page, "admin-audit-phone");
});

test("an admin verifies the tenant's receipt chain", async ({ page, settings }) => {
  await signInAs(page, "admin");
  await settings.goto();
  await page.getByRole("button", { name: "Verify receipts" }).click();
  await expect(page.getByTestId("receipts-status")).toContainText(/\d+ receipts verified, chain intact/);
});
