import { expect, type Page } from "@playwright/test";

export class AgentPage {
  readonly form;
  readonly version;

  constructor(readonly page: Page) {
    this.form = page.getByRole("form", { name: "Definition" });
    this.version = page.getByRole("region", { name: "Agent summary" }).getByTestId("agent-version");
  }

  /** From the Agents list, by the agent's name. */
  async open(name: string) {
    await this.page.goto("/agents");
    await expect(this.page.getByRole("heading", { level: 1, name: "Agents" })).toBeVisible();
    await this.page.getByRole("region", { name: "Agents" }).getByRole("link", { name, exact: true }).click();
    await expect(this.page).toHaveURL(/\/agents\/[0-9a-f-]{36}$/);
    await expect(this.page.getByRole("heading", { level: 1, name })).toBeVisible();
  }

  async save() {
    await this.form.getByRole("button", { name: "Save" }).click();
  }
}
