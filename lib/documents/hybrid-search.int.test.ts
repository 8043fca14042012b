import { describe, expect, it } from "vitest";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { addDocument } from "./documents";
import { RRF_K } from "./rank-fusion";
import { searchDocumentChunks, type VectorRanking } from "./search";

// The fusion around the vector ranking, on any PostgreSQL: a stand-in ranking names the chunks an
// embedding search would have found (pgvector itself: vectors/vectors.int.test.ts).
const { db } = await createTestDatabase();
const tenant = await createTenant(db, "Hybrid Co");
const operator = await createMember(db, tenant, "operator");
const other = await createTenant(db, "Other hybrid Co");
const stranger = await createMember(db, other, "operator");

const boxes = await addDocument(db, operator, {
  title: "Shipping",
  text: "A package to the islands takes five days.",
  source: "handbook",
});
const parcels = await addDocument(db, operator, {
  title: "Batteries",
  text: "A battery parcel ships by road.",
});
const plants = await addDocument(db, operator, { title: "Plants", text: "Water the fern on Mondays." });
const secret = await addDocument(db, stranger, { title: "Secret", text: "Another tenant's parcel." });

const ranked =
  (...ids: string[]): VectorRanking =>
  async () =>
    ids.map((documentId) => ({ documentId, seq: 0 }));
const search = (query: string, vectors: VectorRanking | null) =>
  searchDocumentChunks(db, { tenantId: tenant.id, query, limit: 5 }, vectors);

describe("hybrid document search", () => {
  it("adds what only the vector ranking found, with its text, and ranks first what both found", async () => {
    expect((await search("parcel", null)).map((h) => h.documentId)).toEqual([parcels.id]);
    const hits = await search("parcel", ranked(boxes.id, parcels.id));
    expect(hits.map((h) => h.documentId)).toEqual([parcels.id, boxes.id]);
    expect(hits[1]).toMatchObject({
      title: "Shipping",
      source: "handbook",
      text: "A package to the islands takes five days.",
    });
    // The score is the fused one: 1/(k+1) + 1/(k+2) for the chunk both rankings hold.
    expect(hits[0]?.score).toBeCloseTo(1 / (RRF_K + 1) + 1 / (RRF_K + 2), 4);
    expect(hits[1]?.score).toBeCloseTo(1 / (RRF_K + 1), 4);
  });

  it("keeps the limit, and never returns another tenant's chunk whatever the vector ranking says", async () => {
    const hits = await searchDocumentChunks(
      db,
      { tenantId: tenant.id, query: "parcel", limit: 2 },
      ranked(secret.id, plants.id, boxes.id),
    );
    expect(hits).toHaveLength(2);
    expect(hits.map((h) => h.documentId)).not.toContain(secret.id);
    expect(JSON.stringify(hits)).not.toContain("Another tenant");
  });
});
