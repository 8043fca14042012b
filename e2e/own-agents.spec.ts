import { readFileSync } from "node:fs";
import { expect, saveScreen, signInAs, test, unique } from "./fixtures";
import { AgentPage } from "./pages/agent-page";
import { NewRunPage, RunPage } from "./pages/run-pages";

test("an admin creates an agent, runs it, keeps its versions, restores one, duplicates and archives it", async ({
  page,
  audit,
}) => {
  const pageErrors: Error[] = [];
  page.on("pageerror", (error) => pageErrors.push(error));
  await signInAs(page, "admin");
  await page.goto("/agents");
  await page.getByRole("link", { name: "New agent" }).click();
  await expect(page).toHaveURL(/\/agents\/new$/);
  const form = page.getByRole("form", { name: "Definition of the new agent" });
  await expect(form.getByLabel("Name")).toBeFocused();
  await saveScreen(page, "agent-new");

  // A refused form says why, focuses the field and keeps what was typed.
  const name = unique("order-helper").toLowerCase();
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Instructions").fill("Look the order up with get_order, then answer the customer.");
  await form.getByRole("button", { name: "Create agent" }).click();
  await expect(form.locator("#tools-error")).toContainText("at least one tool");
  await expect(form.getByLabel("Name")).toHaveValue(name);

  await form.getByRole("checkbox", { name: "get_order", exact: true }).check();
  await form.getByLabel("Comment").fill("First cut");
  await form.getByRole("button", { name: "Create agent" }).click();
  await expect(page).toHaveURL(/\/agents\/[0-9a-f-]{36}\?created=1$/);
  await expect(
    page.getByRole("status").filter({ hasText: `Created ${name} at version 1, in dry run` }),
  ).toBeVisible();
  const agentUrl = page.url().split("?")[0] ?? "";

  // It runs at once, on the simulator, in dry run.
  await page.getByRole("link", { name: "Run", exact: true }).click();
  const runId = await new NewRunPage(page).start({ agent: name, goal: "Where is order O-1001?" });
  await expect(new RunPage(page).status).toHaveText(/succeeded|unverified/, { timeout: 30_000 });
  expect(runId).toMatch(/[0-9a-f-]{36}/);

  // An edit is version 2, with its comment; the two compare field by field; version 1 comes back as 3.
  await page.goto(agentUrl);
  const definition = page.getByRole("form", { name: "Definition" });
  await definition.getByLabel("Max steps").fill("12");
  await definition.getByLabel("Comment").fill("Fewer steps");
  await definition.getByRole("button", { name: "Save" }).click();
  await expect(definition.getByRole("status")).toHaveText("Saved as version 2: changed max steps.");
  const versions = page.getByRole("region", { name: "Versions" });
  await expect(versions.locator('tr[data-version="2"]')).toContainText("Fewer steps");
  await expect(versions.locator('tr[data-version="1"]')).toContainText("First cut");
  await versions.getByLabel("Compare version").selectOption("1");
  await versions.getByLabel("with version").selectOption("2");
  await versions.getByRole("button", { name: "Compare" }).click();
  const diff = page.getByRole("region", { name: "Changes from version 1 to version 2" });
  await expect(diff).toContainText("max steps");
  await expect(diff).toContainText("30 → 12");
  await saveScreen(page, "agent-versions");
  await versions.locator('tr[data-version="1"]').getByRole("button", { name: "Restore version 1" }).click();
  await page
    .getByRole("alertdialog", { name: "Restore version 1" })
    .getByRole("button", { name: "Restore" })
    .click();
  await expect(versions.locator('tr[data-version="3"]')).toContainText("Restored version 1");
  await expect(page.getByRole("form", { name: "Definition" }).getByLabel("Max steps")).toHaveValue("30");

  // Duplicate: the form starts from it, under a name of its own.
  await page.getByRole("link", { name: "Duplicate" }).click();
  const copy = page.getByRole("form", { name: "Definition of the new agent" });
  await expect(copy.getByLabel("Name")).toHaveValue(`${name}-copy`);
  await expect(copy.getByRole("checkbox", { name: "get_order", exact: true })).toBeChecked();
  await copy.getByRole("button", { name: "Create agent" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${name}-copy` })).toBeVisible();
  await expect(page.getByRole("region", { name: "Versions" })).toContainText(`Copied from ${name} version 3`);

  // Archive: gone from the list and from the new-run form, back with "Show archived".
  await page.getByRole("button", { name: "Archive agent" }).click();
  await page
    .getByRole("alertdialog", { name: "Confirm archive" })
    .getByRole("button", { name: /^Archive / })
    .click();
  await expect(page.getByRole("status").filter({ hasText: "Archived by" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Run", exact: true })).toHaveCount(0);
  await page.goto("/agents");
  const list = page.getByRole("region", { name: "Agents" });
  await expect(list.getByRole("link", { name: `${name}-copy`, exact: true })).toHaveCount(0);
  await page.getByRole("link", { name: "Show archived" }).click();
  await expect(list.getByRole("row").filter({ hasText: `${name}-copy` })).toContainText("archived");
  await saveScreen(page, "agents-archived");

  await audit.goto();
  await expect(audit.entry("agent.created", name)).toHaveCount(2);
  await expect(audit.entry("agent.archived", `${name}-copy`)).toHaveCount(1);
  expect(pageErrors).toEqual([]);
});

test("an admin exports an agent as a file and imports it back as a new agent, checked first", async ({
  page,
}) => {
  await signInAs(page, "admin");
  await new AgentPage(page).open("ops-health");
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("ops-health.agent.yaml");
  const text = readFileSync((await file.path()) ?? "", "utf8");
  expect(text).toContain("kind: flightdeck/agent");

  const name = unique("ops-imported").toLowerCase();
  await page.goto("/agents");
  await page.getByRole("link", { name: "Import", exact: true }).click();
  const files = page.getByLabel("Files (YAML or JSON, one agent each)");
  // A file with a mistake is refused whole, naming the file and the field.
  await files.setInputFiles([
    {
      name: "good.yaml",
      mimeType: "application/yaml",
      buffer: Buffer.from(text.replace(/^name: .*$/m, `name: ${name}`)),
    },
    {
      name: "bad.yaml",
      mimeType: "application/yaml",
      buffer: Buffer.from(text.replace(/^max_steps: .*$/m, "max_steps: 0")),
    },
  ]);
  await page.getByRole("button", { name: "Check files" }).click();
  const refused = page.getByRole("alert").filter({ hasText: "bad.yaml" });
  await expect(refused).toContainText("bad.yaml: max_steps");
  await expect(refused).toContainText("Nothing was changed.");

  await files.setInputFiles([
    {
      name: "good.yaml",
      mimeType: "application/yaml",
      buffer: Buffer.from(text.replace(/^name: .*$/m, `name: ${name}`)),
    },
  ]);
  await page.getByRole("button", { name: "Check files" }).click();
  await expect(page.getByRole("status", { name: "What the import would do" })).toContainText(
    `good.yaml: ${name} will be created`,
  );
  await saveScreen(page, "agents-import");
  await page.getByRole("button", { name: "Import 1 agent" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Imported:" })).toContainText(
    `${name} created (version 1)`,
  );
  await new AgentPage(page).open(name);
  await expect(page.getByRole("region", { name: "Versions" })).toContainText("Imported from good.yaml");
});
