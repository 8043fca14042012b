import { MockEmbeddingModelV4 } from "ai/test";
import { describe, expect, it } from "vitest";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { resetEnvCache } from "@/lib/env";
import { addDocument } from "../documents";
import { rankByEmbedding, searchDocumentChunks } from "../search";
import { activeEmbedder } from "./active";
import type { Embedder } from "./embedder";
import { embedMissingChunks } from "./embeddings";
import { enableDocumentVectors, VectorsUnavailableError, vectorExtensionAvailable } from "./setup";

const { db } = await createTestDatabase();
const available = await vectorExtensionAvailable(db);
if (!available)
  console.info(
    "pgvector is not installed on this PostgreSQL server: the hybrid (vector) search tests are skipped; full-text search is tested in documents-api.int.test.ts.",
  );

// A stand-in embedding model: each word adds to the dimension of its meaning, so "parcel" and
// "package" are near although full-text search cannot tell they are the same thing.
const MEANINGS: Record<string, number> = {
  parcel: 0,
  package: 0,
  parcels: 0,
  packages: 0,
  refund: 1,
  money: 1,
  battery: 2,
};
const DIMENSIONS = 4;
const vectorOf = (text: string) => {
  const vector = new Array<number>(DIMENSIONS).fill(0.01);
  for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) {
    const dimension = MEANINGS[word];
    if (dimension !== undefined) vector[dimension] = (vector[dimension] ?? 0) + 1;
  }
  return vector;
};
const embedder: Embedder = {
  name: "test:meanings",
  model: new MockEmbeddingModelV4({
    maxEmbeddingsPerCall: 100,
    doEmbed: async ({ values }) => ({ embeddings: values.map(vectorOf), warnings: [] }),
  }),
};

describe.skipIf(available)("vector search where pgvector is missing", () => {
  it("stays off with an embedding model configured: documents are added and found by their words", async () => {
    process.env.FLIGHTDECK_EMBEDDING_MODEL = "openai:text-embedding-3-small";
    process.env.OPENAI_API_KEY = "sk-test-never-called";
    resetEnvCache();
    try {
      expect(await activeEmbedder(db)).toBeNull();
      const tenant = await createTenant(db, "No vectors Co");
      const operator = await createMember(db, tenant, "operator");
      const doc = await addDocument(db, operator, { title: "Shipping", text: "Parcels ship daily." });
      const hits = await searchDocumentChunks(db, { tenantId: tenant.id, query: "parcel", limit: 5 });
      expect(hits.map((h) => h.documentId)).toEqual([doc.id]);
    } finally {
      delete process.env.FLIGHTDECK_EMBEDDING_MODEL;
      delete process.env.OPENAI_API_KEY;
      resetEnvCache();
    }
  });

  it("refuses to set up with a message that says what is missing", async () => {
    await expect(enableDocumentVectors(db, DIMENSIONS)).rejects.toThrow(VectorsUnavailableError);
    await expect(enableDocumentVectors(db, DIMENSIONS)).rejects.toThrow(/no pgvector/);
    await expect(enableDocumentVectors(db, 0)).rejects.toThrow(/1 to 2000 dimensions/);
  });
});

describe.skipIf(!available)("hybrid search with pgvector", () => {
  it("finds by meaning what full-text search misses, and ranks what both find first", async () => {
    await enableDocumentVectors(db, DIMENSIONS);
    await enableDocumentVectors(db, DIMENSIONS); // again: nothing changes
    const tenant = await createTenant(db, "Vectors Co");
    const operator = await createMember(db, tenant, "operator");
    const shipping = await addDocument(db, operator, {
      title: "Shipping",
      text: "A package to the islands takes five days.",
    });
    const batteries = await addDocument(db, operator, {
      title: "Batteries",
      text: "A battery parcel ships by road.",
    });
    expect(await embedMissingChunks(db, embedder)).toBeGreaterThanOrEqual(2);
    expect(await embedMissingChunks(db, embedder)).toBe(0);

    const input = { tenantId: tenant.id, query: "parcel", limit: 5 };
    const wordsOnly = await searchDocumentChunks(db, input, null);
    expect(wordsOnly.map((h) => h.documentId)).toEqual([batteries.id]);
    const hybrid = await searchDocumentChunks(db, input, rankByEmbedding(embedder));
    expect(hybrid.map((h) => h.documentId).sort()).toEqual([shipping.id, batteries.id].sort());
    // Found by both rankings, the battery parcel comes first.
    expect(hybrid[0]?.documentId).toBe(batteries.id);

    const other = await createTenant(db, "Other vectors Co");
    expect(
      await searchDocumentChunks(db, { ...input, tenantId: other.id }, rankByEmbedding(embedder)),
    ).toEqual([]);
  });
});
