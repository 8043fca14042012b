import { checkDesktopAndPhone, expect, mainNav, saveScreen, signInAs, test, unique } from "./fixtures";
import { startHealthRun } from "./pages/run-pages";

test("an admin writes a playbook for the ops agents; a run keeps the version it started with", async ({
  page,
  audit,
}) => {
  test.setTimeout(120_000);
  const pageErrors: Error[] = [];
  page.on("pageerror", (error) => pageErrors.push(error));
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInAs(page, "admin");
  await mainNav(page).getByRole("link", { name: "Playbooks", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Playbooks" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "No playbooks yet" })).toBeVisible();
  await saveScreen(page, "playbooks-empty");

  // A refused tag keeps everything typed and puts the cursor on the tags.
  const name = unique("Disk first");
  await page.getByRole("link", { name: "New playbook" }).click();
  const form = page.getByRole("form", { name: "The new playbook" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Instructions").fill("Report the disk usage before anything else.");
  await form.getByLabel("Tags").fill("ops, bad tag!");
  await form.getByRole("button", { name: "Create playbook" }).click();
  await expect(form.getByLabel("Tags")).toBeFocused();
  await expect(form.locator("#tags-error")).toContainText('"tag!"');
  await expect(form.getByLabel("Name")).toHaveValue(name);
  await expect(form.getByLabel("Instructions")).toHaveValue("Report the disk usage before anything else.");
  await saveScreen(page, "playbook-refused");
  await form.getByLabel("Tags").fill("ops");
  await form.getByLabel("Tags").press("Enter");
  await expect(page.getByText(`Created ${name}`)).toBeVisible();
  const applies = page.getByRole("region", { name: "Applies to" });
  await expect(applies.getByRole("link", { name: "ops-health" })).toBeVisible();
  const playbookUrl = page.url().replace(/\?.*$/, "");

  const edit = page.getByRole("form", { name: "Edit" });
  await edit.getByLabel("Instructions").fill("Report the disk usage first, then the health endpoint.");
  await edit.getByRole("button", { name: "Save a new version" }).click();
  await expect(edit.getByRole("status")).toContainText("Saved as version 2");
  await expect(page.getByRole("region", { name: "Versions" }).locator("li[data-version]")).toHaveCount(2);
  await checkDesktopAndPhone(page, "playbook-versions");

  await mainNav(page).getByRole("link", { name: "Playbooks", exact: true }).click();
  await expect(page.locator("tr[data-playbook-id]").filter({ hasText: name })).toContainText("ops-health");
  await checkDesktopAndPhone(page, "playbooks-list");

  // The run pins version 2; a later edit does not reach it.
  const runId = await startHealthRun(page);
  const pinned = page.getByRole("region", { name: "Playbooks", exact: true });
  await expect(pinned.locator(`li[data-playbook="${name}"]`)).toContainText("version 2");
  await pinned.locator(`li[data-playbook="${name}"]`).getByText("Instructions").click();
  await expect(pinned).toContainText("Report the disk usage first, then the health endpoint.");
  await checkDesktopAndPhone(page, "run-playbooks");

  await page.goto(playbookUrl);
  await edit.getByLabel("Instructions").fill("Report the memory usage first.");
  await edit.getByRole("button", { name: "Save a new version" }).click();
  await expect(edit.getByRole("status")).toContainText("Saved as version 3");
  await page.goto(`/runs/${runId}`);
  await expect(pinned.locator(`li[data-playbook="${name}"]`)).toContainText("version 2");

  // The agent's page shows what its next runs get.
  await page.goto("/agents");
  await page.getByRole("link", { name: "ops-health", exact: true }).click();
  await expect(
    page.getByRole("region", { name: "Playbooks", exact: true }).locator(`li[data-playbook="${name}"]`),
  ).toContainText("version 3");

  await page.goto(playbookUrl);
  await page.getByRole("button", { name: "Delete playbook" }).click();
  await page
    .getByRole("alertdialog", { name: "Confirm delete" })
    .getByRole("button", { name: `Delete ${name}` })
    .click();
  await expect(page).toHaveURL(/\/playbooks$/);
  await expect(page.getByRole("link", { name })).toHaveCount(0);

  await audit.goto();
  await expect(audit.entry("playbook.created", name)).toHaveCount(1);
  await expect(audit.entry("playbook.updated", name)).toHaveCount(2);
  await expect(audit.entry("playbook.deleted", name)).toHaveCount(1);
  expect(pageErrors).toEqual([]);
});
