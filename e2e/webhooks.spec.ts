import { expect, expectNoSideScroll, saveScreen, signInAs, test, unique } from "./fixtures";

test("an admin adds a webhook, sees its secret once, sends a test and reads why it was not delivered", async ({
  page,
  settings,
}) => {
  // No receiver answers under .invalid: the delivery shows the failure and stays queued for a retry.
  const url = `https://${unique("hooks")}.example.invalid/flightdeck`;
  await signInAs(page, "admin");
  await settings.goto();
  const form = page.getByRole("form", { name: "Add a webhook" });

  await form.getByLabel("URL").fill("http://169.254.169.254/latest/meta-data");
  await form.getByRole("button", { name: "Add webhook" }).click();
  await expect(form.getByRole("alert")).toHaveText(/^The webhook must be on a public address/);
  await expect(form.getByLabel("URL")).toHaveValue("http://169.254.169.254/latest/meta-data");

  await form.getByLabel("URL").fill(url);
  await form.getByLabel(/A run ended/).uncheck();
  await expect(form.getByLabel(/An approval was escalated/)).not.toBeChecked();
  await form.getByLabel("Format").selectOption("slack");
  await form.getByRole("button", { name: "Add webhook" }).click();
  await expect(page.getByTestId("new-webhook-secret")).toHaveText(/^whsec_/);
  const hook = page.getByTestId("webhook").filter({ hasText: url });
  await expect(hook).toContainText("gate.call.decided");
  await expect(hook).not.toContainText("run.ended");
  await expect(hook).toContainText("approval.requested, kill_switch.engaged");
  await expect(hook).toContainText("Slack message");
  await expect(hook).toContainText("Nothing sent yet.");

  await hook.getByRole("button", { name: "Send test" }).click();
  const delivery = hook.getByRole("table", { name: "Recent deliveries" }).getByRole("row").nth(1);
  await expect(delivery).toContainText("ping");
  // The worker tries at once; the page shows its answer once reloaded.
  await expect(async () => {
    await page.reload();
    await expect(delivery).toContainText(/ENOTFOUND|EAI_AGAIN|resolve|public address/);
  }).toPass({ timeout: 20_000 });
  await expect(delivery).toContainText("pending");
  await saveScreen(page, "settings-webhooks");
  await page.setViewportSize({ width: 390, height: 844 });
  await hook.scrollIntoViewIfNeeded();
  await expectNoSideScroll(page);
  await saveScreen(page, "settings-webhooks-phone");
  await page.setViewportSize({ width: 1280, height: 800 });

  // Escalation: a whole number of minutes, or never.
  const escalation = page.getByRole("form", { name: "Escalation" });
  const minutes = escalation.getByLabel(/Escalate an approval undecided after/);
  await minutes.fill("0");
  expect(await minutes.evaluate((input: HTMLInputElement) => input.validity.valid)).toBe(false);
  await minutes.fill("15");
  await escalation.getByRole("button", { name: "Save escalation" }).click();
  await expect(escalation.getByRole("status")).toHaveText(/undecided after 15 min are escalated/);
  await page.reload();
  await expect(minutes).toHaveValue("15");
  await minutes.fill("");
  await escalation.getByRole("button", { name: "Save escalation" }).click();
  await expect(escalation.getByRole("status")).toHaveText(/not escalated/);

  page.once("dialog", (dialog) => dialog.accept());
  await hook.getByRole("button", { name: "Remove" }).click();
  await expect(hook).toHaveCount(0);
});
