import { describe, expect, it } from "vitest";
import { demoKnowledgeBase } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { seededTenant, toolContext } from "@/lib/tools/testing/demo-context";
import { searchKb } from "./search-kb";

const { db } = await createTestDatabase();
const tenant = await seededTenant(db);
const other = await seededTenant(db);
const ctx = toolContext(db, tenant.id);

describe("search_kb", () => {
  it("ranks the matching articles, at most 3, with snippets", async () => {
    const { output, receipt } = await searchKb.execute(
      searchKb.input.parse({ query: "What is the refund policy?" }),
      ctx,
    );
    expect(output.results[0]).toMatchObject({ id: "KB-1", title: "Refund policy" });
    expect(output.results.length).toBeLessThanOrEqual(3);
    expect(output.results[0]?.snippet.toLowerCase()).toContain("refund");
    expect(receipt).toMatchObject({ query: "What is the refund policy?", found: true });
    expect(String(receipt.result_ids).split(",")[0]).toBe("KB-1");
  });

  it("finds the password article, and nothing for unrelated words or LIKE wildcards", async () => {
    expect((await searchKb.execute({ query: "password reset" }, ctx)).output.results[0]?.id).toBe("KB-4");
    expect((await searchKb.execute({ query: "spaceship" }, ctx)).output.results).toEqual([]);
    const wildcard = await searchKb.execute({ query: "%%% ___" }, ctx);
    expect(wildcard).toMatchObject({ output: { results: [] }, receipt: { found: false } });
    expect(searchKb.input.safeParse({ query: "" }).success).toBe(false);
  });

  it("searches this tenant's knowledge base only", async () => {
    await db
      .insert(demoKnowledgeBase)
      .values({ tenantId: other.id, id: "KB-99", title: "Zebra crossings", body: "zebra" });
    expect((await searchKb.execute({ query: "zebra" }, ctx)).output.results).toEqual([]);
    expect(
      (await searchKb.execute({ query: "zebra" }, toolContext(db, other.id))).output.results[0]?.id,
    ).toBe("KB-99");
  });
});
