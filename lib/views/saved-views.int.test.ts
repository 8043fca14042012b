import { describe, expect, it } from "vitest";
import { createMember } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { demoTenant } from "@/lib/runtime/testing/engine-harness";
import { deleteView, listSavedViews, MAX_VIEWS_PER_PERSON, saveView } from "./saved-views";

const { db } = await createTestDatabase();

async function tenant() {
  const { tenantId, operator } = await demoTenant(db);
  const viewer = await createMember(db, { id: tenantId, name: operator.tenantName }, "viewer");
  return { operator, viewer };
}

describe("saved views of the runs list", () => {
  it("are a person's own unless shared, canonical, replaced by name, and removed only by their owner", async () => {
    const { operator, viewer } = await tenant();
    const mine = await saveView(db, viewer, {
      name: "Failed refunds",
      query: "?cursor=x&status=failed&agent=support-triage",
    });
    expect(mine.query).toBe("status=failed&agent=support-triage");
    const shared = await saveView(db, operator, {
      name: "Unverified",
      query: "status=unverified&cols=cost",
      shared: true,
    });
    await saveView(db, operator, { name: "Private", query: "status=killed" });

    expect((await listSavedViews(db, viewer)).map((v) => v.name)).toEqual(["Failed refunds", "Unverified"]);
    expect((await listSavedViews(db, operator)).map((v) => v.name)).toEqual(["Private", "Unverified"]);

    const replaced = await saveView(db, viewer, { name: "Failed refunds", query: "status=failed" });
    expect(replaced.id).toBe(mine.id);
    expect((await listSavedViews(db, viewer)).find((v) => v.id === mine.id)?.query).toBe("status=failed");

    await expect(deleteView(db, viewer, { id: shared.id })).rejects.toThrow(/no such view/);
    const other = await tenant();
    expect(await listSavedViews(db, other.operator)).toEqual([]);
    await expect(deleteView(db, other.operator, { id: shared.id })).rejects.toThrow(/no such view/);
    await deleteView(db, operator, { id: shared.id });
    expect((await listSavedViews(db, viewer)).map((v) => v.name)).toEqual(["Failed refunds"]);
  });

  it("refuses bad names and filters, and more than a person may keep", async () => {
    const { viewer } = await tenant();
    for (const bad of [
      { name: " ", query: "" },
      { name: "a\u0000b", query: "" },
      { name: "x".repeat(81), query: "" },
      { name: "Bad", query: "status=exploded" },
      { name: "Long", query: `q=${"x".repeat(2_001)}` },
    ])
      await expect(saveView(db, viewer, bad)).rejects.toThrow();
    await Promise.all(
      Array.from({ length: MAX_VIEWS_PER_PERSON + 3 }, (_, i) =>
        saveView(db, viewer, { name: `View ${i}`, query: "status=failed" }).catch(() => null),
      ),
    );
    expect(await listSavedViews(db, viewer)).toHaveLength(MAX_VIEWS_PER_PERSON);
    await expect(saveView(db, viewer, { name: "One more", query: "" })).rejects.toThrow(/at most/);
    await expect(saveView(db, viewer, { name: "View 0", query: "status=killed" })).resolves.toBeTruthy();
  });
});
