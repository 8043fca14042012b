import { type RunningHttpServer, startHttpMcpServer } from "@/lib/tools/mcp/testing/http-server";
import { testMcpServer } from "@/lib/tools/mcp/testing/test-server";
import { expect, mainNav, saveScreen, signInAs, test, unique } from "./fixtures";

let mcp: RunningHttpServer;

test.beforeAll(async () => {
  mcp = await startHttpMcpServer(testMcpServer);
});

test.afterAll(async () => {
  await mcp?.close();
});

test("an admin adds an MCP server, sets a tool's risk and gives its tools to an agent", async ({ page }) => {
  const pageErrors: Error[] = [];
  page.on("pageerror", (error) => pageErrors.push(error));
  await signInAs(page, "admin");
  await mainNav(page).getByRole("link", { name: "Tools" }).click();
  await expect(page).toHaveURL(/\/tools$/);
  await expect(page.getByRole("heading", { level: 1, name: "Tools" })).toBeVisible();
  const catalog = page.getByRole("region", { name: "Catalog" });
  await expect(catalog.locator('tr[data-tool="get_order"]')).toContainText("built-in");
  await expect(page.getByRole("heading", { name: "No MCP servers yet" })).toBeVisible();

  // A refused form names the field and keeps what was typed.
  const form = page.getByRole("form", { name: "Add an MCP server" });
  await form.getByLabel("Name").fill("notes");
  await form.getByLabel("URL").fill(mcp.url);
  await form.getByLabel("Headers").fill("no colon here");
  await form.getByRole("button", { name: "Add server" }).click();
  await expect(form.locator("#headers-error")).toContainText('is not "Name: value"');
  await expect(form.getByLabel("Headers")).toBeFocused();
  await expect(form.getByLabel("URL")).toHaveValue(mcp.url);

  await form.getByLabel("Headers").fill("X-Api-Key: e2e-secret-value");
  await form.getByRole("button", { name: "Add server" }).click();
  await expect(form.getByRole("status")).toContainText(/Added notes\. Found \d+ tools/);

  await expect(catalog.locator('tr[data-tool="notes__lookup"]')).toContainText("notes");
  await expect(catalog.locator('tr[data-tool="notes__create_note"]')).toBeVisible();
  const servers = page.getByRole("region", { name: "MCP servers" });
  const serverRow = servers.locator('tr[data-server="notes"]');
  await expect(serverRow).toContainText(mcp.url);
  await expect(serverRow).toContainText("X-Api-Key");
  await expect(page.getByText("e2e-secret-value")).toHaveCount(0);

  // Refreshing lists the tools again.
  await serverRow.getByRole("button", { name: "Refresh tools" }).click();
  await expect(serverRow.getByRole("status")).toContainText("Refreshed notes.");

  // New tools are writes until the admin says otherwise.
  const lookup = catalog.locator('tr[data-tool="notes__lookup"]');
  await expect(lookup.locator(".badge.risk")).toHaveText("write");
  const settings = lookup.getByRole("form", { name: "Settings of notes__lookup" });
  await settings.getByLabel("Risk").selectOption("read");
  await settings.getByLabel("Idempotent").check();
  await settings.getByLabel("Time-out (s)").fill("10");
  await settings.getByRole("button", { name: "Save" }).click();
  await expect(settings.getByRole("status")).toContainText("Saved: risk, idempotent, time-out.");
  await expect(lookup.locator(".badge.risk")).toHaveText("read");
  await expect(settings.getByLabel("Risk")).toHaveValue("read");
  await expect(lookup).toContainText("10 s");
  await saveScreen(page, "tools");
  await page.setViewportSize({ width: 390, height: 844 });
  await saveScreen(page, "tools-mobile");
  await page.setViewportSize({ width: 1280, height: 720 });

  // The agent form offers the tools, with their risk.
  await mainNav(page).getByRole("link", { name: "Agents" }).click();
  await page.getByRole("link", { name: "New agent" }).click();
  const agentForm = page.getByRole("form", { name: "Definition of the new agent" });
  const name = unique("notes-helper").toLowerCase();
  await agentForm.getByLabel("Name").fill(name);
  await agentForm
    .getByLabel("Instructions")
    .fill("Look the customer up with notes__lookup, then leave a note.");
  await agentForm.getByRole("checkbox", { name: "notes__lookup", exact: true }).check();
  await agentForm.getByRole("checkbox", { name: "notes__create_note", exact: true }).check();
  await agentForm.getByRole("radio", { name: /^Live/ }).check();
  await agentForm.getByRole("button", { name: "Create agent" }).click();
  await expect(page).toHaveURL(/\/agents\/[0-9a-f-]{36}\?created=1$/);
  const definition = page.getByRole("form", { name: "Definition" });
  await expect(definition.getByRole("checkbox", { name: "notes__lookup", exact: true })).toBeChecked();
  await expect(definition.getByRole("checkbox", { name: "notes__create_note", exact: true })).toBeChecked();
  await expect(definition.locator("#tool-notes__lookup-risk")).toHaveText("read");
  await expect(definition.locator("#tool-notes__create_note-risk")).toHaveText("write");
  await saveScreen(page, "tools-agent");

  // Removing the server says which agents still list its tools.
  await page.goto("/tools");
  await page
    .getByRole("region", { name: "MCP servers" })
    .locator('tr[data-server="notes"]')
    .getByRole("button", { name: "Remove" })
    .click();
  await page
    .getByRole("alertdialog", { name: "Confirm removing notes" })
    .getByRole("button", { name: "Remove notes" })
    .click();
  await expect(page.getByRole("status").filter({ hasText: "Removed notes." })).toContainText(name);
  await expect(catalog.locator('tr[data-tool="notes__lookup"]')).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});

test("a viewer sees the catalog read-only", async ({ page }) => {
  await signInAs(page, "viewer");
  await page.goto("/tools");
  await expect(
    page.getByRole("region", { name: "Catalog" }).locator('tr[data-tool="get_order"]'),
  ).toBeVisible();
  await expect(page.getByRole("form", { name: "Add an MCP server" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Save" })).toHaveCount(0);
});
