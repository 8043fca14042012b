import { asAdmin, removeSavedViews } from "./cleanup";
import { expect, expectNoSideScroll, saveScreen, signInAs, signOut, test, unique } from "./fixtures";

test.afterEach(async ({ browser }, testInfo) => asAdmin(browser, testInfo, removeSavedViews));

test("an admin keeps a filtered runs list with chosen columns as a view, shares it, and a viewer opens it", async ({
  page,
}) => {
  await signInAs(page, "admin");
  await page.goto("/runs");
  const filters = page.getByRole("form", { name: "Filter runs" });
  await filters.getByLabel("Status").selectOption("succeeded");
  await filters.getByRole("group", { name: "Columns" }).getByLabel("Tokens").uncheck();
  await filters.getByRole("group", { name: "Columns" }).getByLabel("Model").uncheck();
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/status=succeeded/);
  const header = page.getByRole("region", { name: "Runs" }).locator("thead");
  await expect(header).not.toContainText("Tokens");
  await expect(header).not.toContainText("Model");
  await expect(header).toContainText("Cost");

  const name = unique("Clean runs");
  const views = page.getByRole("region", { name: "Saved views" });
  await views.getByText("Save this view").click();
  const save = views.getByRole("form", { name: "Save this view" });
  await save.getByLabel("Name").fill(name);
  await save.getByLabel("Share with the tenant").check();
  await save.getByRole("button", { name: "Save view" }).click();
  await expect(save.getByRole("status")).toHaveText(`Saved “${name}”.`);
  const link = views.getByRole("link", { name: new RegExp(name) });
  await expect(link).toHaveAttribute("aria-current", "page");
  await expect(link).toHaveAttribute(
    "href",
    "/runs?status=succeeded&cols=steps%2Ccost%2Cstarted%2Cduration%2Cstop_reason",
  );
  await saveScreen(page, "runs-saved-views");
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoSideScroll(page);
  await saveScreen(page, "runs-saved-views-phone");

  await signOut(page);
  await signInAs(page, "viewer");
  await page.goto("/runs");
  const shared = page
    .getByRole("region", { name: "Saved views" })
    .getByRole("link", { name: new RegExp(name) });
  await expect(shared).toContainText("admin@acme.test");
  await expect(page.getByRole("button", { name: `Remove the view ${name}` })).toHaveCount(0);
  await shared.click();
  await expect(page).toHaveURL(/status=succeeded/);
  await expect(page.getByRole("region", { name: "Runs" }).locator("thead")).not.toContainText("Tokens");
});
