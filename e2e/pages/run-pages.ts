import { expect, type Page } from "@playwright/test";

export class NewRunPage {
  readonly form;

  constructor(readonly page: Page) {
    this.form = page.getByRole("form", { name: "Start a run" });
  }

  async start(input: { agent: string; goal: string; model?: string; session?: string }): Promise<string> {
    await this.form.getByLabel("Agent").selectOption(input.agent);
    await this.form.getByLabel("Goal").fill(input.goal);
    if (input.model) await this.form.getByLabel("Model override (optional)").fill(input.model);
    if (input.session) await this.form.getByLabel("Session (optional)").fill(input.session);
    await this.form.getByRole("button", { name: "Start run" }).click();
    await expect(this.page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
    return this.page.url().split("/").at(-1) ?? "";
  }
}

let healthDay = 0;

/** Starts an ops-health run and waits for its end; a date of its own keeps its incident note apart. */
export async function startHealthRun(page: Page): Promise<string> {
  await page.goto("/runs/new");
  const date = `2031-01-${String((++healthDay % 28) + 1).padStart(2, "0")}`;
  const runId = await new NewRunPage(page).start({
    agent: "ops-health",
    goal: `Check the app's health for ${date}`,
  });
  await expect(new RunPage(page).status).toHaveText("succeeded", { timeout: 60_000 });
  return runId;
}

export class RunPage {
  readonly status;
  readonly steps;
  readonly spans;

  constructor(readonly page: Page) {
    this.status = page.getByRole("region", { name: "Run summary" }).getByTestId("run-status");
    this.steps = page.locator("details.step");
    this.spans = page.getByRole("tree", { name: "Spans" }).getByRole("treeitem");
  }

  /** The tool step that called `tool` (not the model step that proposed it). */
  toolStep(tool: string) {
    return this.page
      .locator("details.step-tool")
      .filter({ has: this.page.locator(".step-title", { hasText: new RegExp(`^${tool}$`) }) });
  }

  async stepSeqs(): Promise<number[]> {
    const ids = await this.steps.evaluateAll((els) => els.map((el) => el.id));
    return ids.map((id) => Number(id.replace("step-", "")));
  }
}
