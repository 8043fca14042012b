import { expect, type Page } from "@playwright/test";

export class AuditPage {
  readonly table;

  constructor(readonly page: Page) {
    this.table = page.getByRole("table");
  }

  async goto() {
    await this.page.goto("/audit");
    await expect(this.page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  }

  /** `api_key.`: every action on API keys, chosen from the list of the log's actions. */
  async filterByAction(prefix: string) {
    await this.page.getByLabel("Action", { exact: true }).selectOption(prefix);
    await this.page.getByRole("button", { name: "Filter" }).click();
    await expect(this.page).toHaveURL(new RegExp(`[?&]action=${encodeURIComponent(prefix)}`));
  }

  /** A row of a given action whose details mention `about` (an email or a key name). */
  entry(action: string, about: string) {
    return this.table.getByRole("row").filter({ hasText: action }).filter({ hasText: about });
  }

  /** The "What" column of every listed entry. */
  actions() {
    return this.table.locator("tbody tr td:nth-child(3)").allInnerTexts();
  }
}
