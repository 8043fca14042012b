import { type RunningHttpServer, startHttpMcpServer } from "@/lib/tools/mcp/testing/http-server";
import { testMcpServer } from "@/lib/tools/mcp/testing/test-server";
import { acceptInvitation, expect, saveScreen, signInAs, test, unique, uniqueEmail } from "./fixtures";
import { NewRunPage, RunPage } from "./pages/run-pages";

let mcp: RunningHttpServer;

test.beforeAll(async () => {
  mcp = await startHttpMcpServer(testMcpServer);
});

test.afterAll(async () => {
  await mcp?.close();
});

test("a new team's first governed run: empty tenant → its MCP server → its agent → approve → receipt", async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  // The deployment's operator opens a tenant for the team.
  await signInAs(page, "admin");
  await page.goto("/platform");
  const tenant = unique("Initech");
  await page.getByLabel("Name", { exact: true }).fill(tenant);
  await page.getByLabel("First admin's email").fill(uniqueEmail("initech-admin"));
  await page.getByRole("button", { name: "Create tenant" }).click();
  const link = await page.getByLabel("Invitation link").inputValue();

  const context = await browser.newContext();
  const team = await context.newPage();
  const pageErrors: Error[] = [];
  team.on("pageerror", (error) => pageErrors.push(error));
  await acceptInvitation(team, new URL(link).pathname, "initech admin password");

  // Its first screen leads to an agent of its own; its tools come from its MCP server first.
  await team.goto("/");
  await expect(team.getByRole("link", { name: "Create the first agent" })).toBeVisible();
  await team.goto("/tools");
  const addServer = team.getByRole("form", { name: "Add an MCP server" });
  await addServer.getByLabel("Name").fill("notes");
  await addServer.getByLabel("URL").fill(mcp.url);
  await addServer.getByRole("button", { name: "Add server" }).click();
  await expect(addServer.getByRole("status")).toContainText(/Added notes\. Found \d+ tools/);
  const catalog = team.getByRole("region", { name: "Catalog" });
  const lookup = catalog.locator('tr[data-tool="notes__lookup"]');
  const settings = lookup.getByRole("form", { name: "Settings of notes__lookup" });
  await settings.getByLabel("Risk").selectOption("read");
  await settings.getByRole("button", { name: "Save" }).click();
  await expect(settings.getByRole("status")).toContainText("Saved: risk.");

  await team.goto("/");
  await team.getByRole("link", { name: "Create the first agent" }).click();
  const form = team.getByRole("form", { name: "Definition of the new agent" });
  await form.getByLabel("Name").fill("note-keeper");
  await form.getByLabel("Instructions").fill("Look the customer up, then write a note about them.");
  await form.getByRole("checkbox", { name: "notes__lookup", exact: true }).check();
  await form.getByRole("checkbox", { name: "notes__create_note", exact: true }).check();
  await form.getByRole("radio", { name: /^Live/ }).check();
  await form.getByRole("button", { name: "Create agent" }).click();
  await expect(team).toHaveURL(/\/agents\/[0-9a-f-]{36}\?created=1$/);

  // On the simulator, the task names the calls: the read runs, the write waits for a person.
  await team.goto("/runs/new");
  const runId = await new NewRunPage(team).start({
    agent: "note-keeper",
    goal: 'Note that C-1 prefers email.\ncall notes__lookup {"id": "C-1"}\ncall notes__create_note {"title": "C-1 prefers email"}',
  });
  const run = new RunPage(team);
  await expect(run.status).toHaveText("waiting approval", { timeout: 30_000 });
  await expect(run.toolStep("notes__lookup")).toContainText("Ada Lovelace");

  await team.goto("/approvals");
  await team.locator(`[data-run-id="${runId}"]`).click();
  await expect(team.locator(".approvals-pane")).toContainText("notes__create_note");
  await team
    .getByRole("button", { name: /^Approve/ })
    .first()
    .click();
  await expect(team.getByTestId("inbox-notice")).toContainText("Approved");

  await team.goto(`/runs/${runId}`);
  await expect(run.status).toHaveText(/succeeded|unverified/, { timeout: 30_000 });
  const receipts = team.getByRole("region", { name: "Receipts" });
  await expect(receipts.getByTestId("receipt").filter({ hasText: "notes__create_note" })).toHaveCount(1);
  await saveScreen(team, "first-own-run");

  // The Tools page counts the calls and names the agent that uses the tools.
  await team.goto("/tools");
  await expect(lookup).toContainText("note-keeper");
  await expect(lookup.locator("td.num").nth(1)).toHaveText("1");
  await saveScreen(team, "tools-usage");
  expect(pageErrors).toEqual([]);
  await context.close();
});
