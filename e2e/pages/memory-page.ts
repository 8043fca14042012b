import { expect, type Page } from "@playwright/test";
import { AgentPage } from "./agent-page";

/** An agent's Memory page, opened from the agent's page. */
export class MemoryPage {
  readonly items;
  readonly newItem;

  constructor(readonly page: Page) {
    this.items = page.getByRole("region", { name: "Items" });
    this.newItem = page.getByRole("form", { name: "New memory item" });
  }

  async open(agent: string) {
    await new AgentPage(this.page).open(agent);
    await this.page.getByRole("link", { name: "Memory", exact: true }).click();
    await expect(this.page.getByRole("heading", { level: 1, name: `${agent} · Memory` })).toBeVisible();
  }

  row(key: string) {
    return this.items.locator(`tr[data-memory-key="${key}"]`);
  }

  item(key: string) {
    return this.page.getByRole("region", { name: key });
  }
}
