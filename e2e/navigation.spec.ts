import { expect, mainNav, NAV_PAGES, saveScreen, signInAs, test } from "./fixtures";

test("an admin lands on Runs and every page in the navigation loads", async ({ page }) => {
  const pageErrors: Error[] = [];
  page.on("pageerror", (error) => pageErrors.push(error));

  await signInAs(page, "admin");
  await expect(mainNav(page).getByRole("link")).toHaveText(NAV_PAGES.map((p) => p.name));

  for (const { name, path } of NAV_PAGES) {
    await mainNav(page).getByRole("link", { name, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    await expect(page.getByRole("heading", { level: 1, name, exact: true })).toBeVisible();
    await expect(mainNav(page).getByRole("link", { name, exact: true })).toHaveAttribute(
      "aria-current",
      "page",
    );
    await expect(page.getByText("This page could not be loaded")).toHaveCount(0);
    await saveScreen(page, `admin-${path.slice(1)}`);
  }
  expect(pageErrors).toEqual([]);
});
