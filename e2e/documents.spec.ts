import { checkDesktopAndPhone, expect, saveScreen, signInAs, signOut, test, unique } from "./fixtures";

const HANDBOOK = [
  "Warranty claims are accepted for 24 months after delivery.",
  "A claim needs the order number and a photo of the fault. Refurbished items carry a 12 month warranty.",
  "Batteries are consumables: their warranty is six months.",
].join("\n\n");

test("an operator adds documents (pasted and from a file), searches them, and deletes one; a viewer reads and searches", async ({
  page,
  audit,
}) => {
  test.setTimeout(90_000);
  const pageErrors: Error[] = [];
  page.on("pageerror", (error) => pageErrors.push(error));
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInAs(page, "operator");
  await page.getByRole("navigation").getByRole("link", { name: "Documents" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Documents" })).toBeVisible();
  const list = page.getByRole("region", { name: "All documents" });
  await expect(list).toContainText("No documents yet");
  await saveScreen(page, "documents-empty");

  const form = page.getByRole("form", { name: "New document" });
  const title = unique("Warranty handbook");
  await form.getByLabel("Title").fill(title);
  await form.getByLabel("Source").fill("https://intranet.example.com/warranty");
  await form.getByLabel("Text").fill(HANDBOOK);
  await form.getByRole("button", { name: "Add document" }).click();
  await expect(form.getByRole("status")).toContainText("in 1 passage");
  await expect(list.getByRole("link", { name: title })).toBeVisible();

  // A Markdown file: its name becomes the title and the source.
  const fileTitle = unique("shipping-faq");
  await form.getByLabel("From a file").setInputFiles({
    name: `${fileTitle}.md`,
    mimeType: "text/markdown",
    buffer: Buffer.from("# Shipping\n\nParcels to islands take five working days."),
  });
  await expect(form.getByLabel("Title")).toHaveValue(fileTitle);
  await expect(form.getByLabel("Text")).toHaveValue(/islands take five working days/);
  await form.getByRole("button", { name: "Add document" }).click();
  await expect(list.getByRole("link", { name: fileTitle })).toBeVisible();

  // Refused with a message, nothing lost: text made of blanks only.
  await form.getByLabel("Title").fill("Blank");
  await form.getByLabel("Text").fill("   ");
  await form.getByRole("button", { name: "Add document" }).click();
  await expect(form.getByRole("alert")).toContainText("no text");

  const search = page.getByRole("region", { name: "Search" });
  await search.getByLabel("Words to find").fill("batteries warranties");
  await search.getByRole("button", { name: "Search" }).click();
  const hits = page.getByRole("list", { name: "Passages for “batteries warranties”" });
  await expect(hits.getByRole("listitem").first()).toContainText(title);
  await expect(hits.getByRole("listitem").first()).toContainText("Batteries are consumables");
  await checkDesktopAndPhone(page, "documents-search");

  await signOut(page);
  await signInAs(page, "viewer");
  await page.goto("/documents?q=islands");
  await expect(page.getByRole("list", { name: "Passages for “islands”" })).toContainText(fileTitle);
  await expect(page.getByRole("form", { name: "New document" })).toHaveCount(0);
  await page.getByRole("region", { name: "All documents" }).getByRole("link", { name: title }).click();
  await expect(page.getByRole("region", { name: title })).toContainText("24 months after delivery");
  await expect(page.getByRole("button", { name: "Delete document" })).toHaveCount(0);

  await signOut(page);
  await signInAs(page, "operator");
  await page.goto("/documents");
  await list.getByRole("link", { name: title }).click();
  const shown = page.getByRole("region", { name: title });
  await expect(shown).toContainText("Batteries are consumables");
  await checkDesktopAndPhone(page, "documents-document");
  await shown.getByRole("button", { name: "Delete document" }).click();
  await page
    .getByRole("alertdialog", { name: "Confirm delete" })
    .getByRole("button", { name: `Delete “${title}”` })
    .click();
  await expect(list.getByRole("link", { name: title })).toHaveCount(0);
  await page.goto("/documents?q=batteries");
  await expect(page.getByRole("region", { name: "Search" })).toContainText("No passage matches");

  await signOut(page);
  await signInAs(page, "admin");
  await audit.goto();
  await expect(audit.entry("document.added", title)).toHaveCount(1);
  await expect(audit.entry("document.deleted", title)).toHaveCount(1);
  expect(pageErrors).toEqual([]);
});
