import { expect, type Page } from "@playwright/test";

type Role = "admin" | "operator" | "viewer";

export class SettingsPage {
  readonly inviteForm;
  readonly keyForm;
  readonly membersTable;
  readonly keysSection;

  constructor(readonly page: Page) {
    this.inviteForm = page.getByRole("form", { name: "Invite a member" });
    this.keyForm = page.getByRole("form", { name: "Create an API key" });
    this.membersTable = page.getByRole("region", { name: "Members" }).getByRole("table");
    this.keysSection = page.getByRole("region", { name: "API keys" });
  }

  async goto() {
    await this.page.goto("/settings");
    await expect(this.page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  }

  /** Invites a person and returns the path of their invitation link, read from the outbox. */
  async invite(email: string, role: Role): Promise<string> {
    await this.inviteForm.getByLabel("Email").fill(email);
    await this.inviteForm.getByLabel("Role", { exact: true }).selectOption(role);
    await this.inviteForm.getByRole("button", { name: "Invite" }).click();
    await expect(this.inviteForm.getByRole("status")).toContainText(`An invitation for ${email} was`);
    const mail = this.page.getByTestId("outbox-mail").filter({ hasText: email }).first();
    const link = (await mail.textContent())?.match(/\/invite\/[\w-]+/)?.[0];
    expect(link).toBeTruthy();
    return link ?? "";
  }

  roleSelect(email: string) {
    return this.page.getByRole("combobox", { name: `Role of ${email}` });
  }

  async changeRole(email: string, role: Role) {
    await this.roleSelect(email).selectOption(role);
    await expect(this.roleSelect(email)).toHaveValue(role);
  }

  /** Creates a key and returns it: the page shows it only this once. */
  async createApiKey(name: string, role: Role | "ingest"): Promise<string> {
    await this.keyForm.getByLabel("Name").fill(name);
    await this.keyForm.getByLabel("Role", { exact: true }).selectOption(role);
    await this.keyForm.getByRole("button", { name: "Create key" }).click();
    const key = (await this.keyForm.getByTestId("new-api-key").textContent())?.trim() ?? "";
    expect(key.length).toBeGreaterThan(20);
    await expect(this.keyRow(name)).toBeVisible();
    return key;
  }

  keyRow(name: string) {
    return this.keysSection.getByRole("row").filter({ hasText: name });
  }

  async revokeApiKey(name: string) {
    let message = "";
    this.page.once("dialog", (dialog) => {
      message = dialog.message();
      void dialog.accept();
    });
    await this.keyRow(name).getByRole("button", { name: "Revoke" }).click();
    await expect(this.keyRow(name)).toContainText("revoked");
    expect(message).toContain(name);
  }
}
