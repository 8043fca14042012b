import { expect, expectNoSideScroll, saveScreen, signInAs, test } from "./fixtures";
import { NewRunPage, RunPage } from "./pages/run-pages";

test("a lead agent hands a ticket to support-triage: the run page shows the tree of runs", async ({
  page,
}) => {
  test.setTimeout(150_000);
  await signInAs(page, "operator");
  await page.goto("/runs/new");
  const leadId = await new NewRunPage(page).start({
    agent: "support-lead",
    goal: "Please handle ticket T-1013: the customer finds the candles faint.",
  });
  // The lead waits for its sub-agent without a worker, then resumes with its result.
  await expect(new RunPage(page).status).toHaveText("succeeded", { timeout: 60_000 });

  await page.reload();

  const tree = page.getByTestId("run-tree");
  const child = tree.getByTestId("run-child");
  await expect(child).toHaveCount(1);
  await expect(child).toContainText("support-triage");
  await expect(child.getByTestId("run-status")).not.toHaveText(/waiting|queued|running/);
  await expect(tree.getByTestId("run-tree-cost")).toContainText("This run and the 1 run below it cost");
  // The delegate step in the trace links to the child run too.
  const stepLink = page.getByTestId("child-run-link");
  await expect(stepLink).toHaveCount(1);
  const childId8 = (await child.getByRole("link").first().textContent())?.trim() ?? "";
  await expect(stepLink).toContainText(childId8);
  await saveScreen(page, "delegate-parent");
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoSideScroll(page);
  await saveScreen(page, "delegate-parent-phone");
  await page.setViewportSize({ width: 1280, height: 720 });

  // The child's page links back to its parent.
  await child.getByRole("link").first().click();
  await expect(page).toHaveURL(new RegExp(`/runs/${childId8}[0-9a-f-]+$`));
  const parent = page.getByTestId("run-parent");
  await expect(parent).toContainText("Delegated by run");
  await expect(parent).toContainText("support-lead");
  await saveScreen(page, "delegate-child");
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoSideScroll(page);
  await saveScreen(page, "delegate-child-phone");
  await parent.getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/runs/${leadId}$`));
});
