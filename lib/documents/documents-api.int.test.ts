import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as item from "@/app/api/v1/documents/[id]/route";
import * as list from "@/app/api/v1/documents/route";
import * as search from "@/app/api/v1/documents/search/route";
import { auditLog, documentChunks } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { MAX_DOCUMENT_BYTES } from "./limits";

const { db } = await createTestDatabase();
const tenant = await createTenant(db, "Documents API Co");
const admin = await createMember(db, tenant, "admin");
const keyOf = async (role: "viewer" | "operator" | "admin") =>
  (await createApiKey(db, admin, { name: `${role} key`, role })).key;
const viewerKey = await keyOf("viewer");
const operatorKey = await keyOf("operator");
const other = await createTenant(db);
const strangerKey = (
  await createApiKey(db, await createMember(db, other, "admin"), { name: "stranger", role: "admin" })
).key;

type Handler = (request: Request, context: { params: Promise<never> }) => Promise<Response>;
const call = (
  handler: Handler,
  key: string,
  init: { method?: string; id?: string; query?: string; body?: unknown; raw?: string } = {},
) =>
  handler(
    new Request(`http://localhost/api/v1/documents${init.query ? `?${init.query}` : ""}`, {
      method: init.method ?? "GET",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
    }),
    { params: Promise.resolve(init.id ? { id: init.id } : {}) as Promise<never> },
  );
const add = (key: string, body: unknown) => call(list.POST, key, { method: "POST", body });
const find = async (key: string, q: string) => {
  const response = await call(search.GET, key, { query: new URLSearchParams({ q }).toString() });
  expect(response.status).toBe(200);
  return (
    (await response.json()) as {
      results: { title: string; document_id: string; text: string; score: number }[];
    }
  ).results;
};

const RETURNS = [
  "Returns handbook.",
  "Customers may return an unopened item within 30 days of delivery for a full refund.",
  "Damaged items are refunded without a return: ask the customer for a photo of the damage.",
].join("\n\n");

describe("/api/v1/documents", () => {
  it("lets an operator add a document, audited, that everyone in the tenant lists, reads and searches", async () => {
    const created = await add(operatorKey, {
      title: "Returns policy",
      text: RETURNS,
      source: "https://intranet.example.com/returns",
    });
    expect(created.status).toBe(201);
    const doc = (await created.json()) as Record<string, unknown>;
    expect(doc).toMatchObject({
      title: "Returns policy",
      source: "https://intranet.example.com/returns",
      bytes: Buffer.byteLength(RETURNS),
      chunk_count: 1,
      added_by: { actor_type: "api_key", label: "API key operator key" },
      text: RETURNS,
    });
    const [audited] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenant.id), eq(auditLog.action, "document.added")));
    expect(audited).toMatchObject({ targetType: "document", targetId: doc.id, details: { chunks: 1 } });

    const listed = await (await call(list.GET, viewerKey)).json();
    expect(listed.documents.map((d: { id: string }) => d.id)).toContain(doc.id);
    expect(listed.documents[0]).not.toHaveProperty("text");
    const read = await call(item.GET, viewerKey, { id: doc.id as string });
    expect(((await read.json()) as { text: string }).text).toBe(RETURNS);

    // Stemmed (english): "refunds" and "damages" find "refund" and "damage".
    const hits = await find(viewerKey, "damages refunds");
    expect(hits[0]).toMatchObject({ document_id: doc.id, title: "Returns policy" });
    expect(hits[0]?.text).toContain("photo of the damage");
  });

  it("ranks the passage that holds the words above one that only mentions them, and the title counts", async () => {
    const long = [
      ...Array.from(
        { length: 30 },
        (_, i) => `Shipping note ${i}: parcels leave the warehouse each weekday morning.`,
      ),
      "Express shipping costs 12 USD and arrives the next working day; express parcels are tracked by courier.",
    ].join("\n\n");
    const shipping = (await (await add(operatorKey, { title: "Shipping guide", text: long })).json()) as {
      id: string;
      chunk_count: number;
    };
    expect(shipping.chunk_count).toBeGreaterThan(1);
    await add(operatorKey, { title: "Office plants", text: "Water the express fern on Mondays." });
    const hits = await find(viewerKey, "express shipping");
    expect(hits[0]?.document_id).toBe(shipping.id);
    expect(hits[0]?.text).toContain("Express shipping costs 12 USD");
    expect(hits.every((h) => h.score > 0)).toBe(true);
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
    const chunks = await db.select().from(documentChunks).where(eq(documentChunks.documentId, shipping.id));
    expect(chunks).toHaveLength(shipping.chunk_count);
  });

  it("refuses what it cannot keep with a clear message, and a viewer's write", async () => {
    const refused = async (body: unknown, status: number, message: RegExp) => {
      const response = await add(operatorKey, body);
      expect(response.status).toBe(status);
      expect(JSON.stringify(await response.json())).toMatch(message);
    };
    await refused({ title: "", text: "x" }, 400, /title/);
    await refused({ title: "Empty", text: "   " }, 400, /no text/);
    await refused({ title: "Big", text: "x".repeat(MAX_DOCUMENT_BYTES + 1) }, 400, /1 MiB/);
    await refused({ title: "Nul", text: "a\u0000b" }, 400, /NUL/);
    const viewer = await add(viewerKey, { title: "No", text: "No." });
    expect(viewer.status).toBe(403);
    const badQuery = await call(search.GET, viewerKey, { query: "q=" });
    expect(badQuery.status).toBe(400);
    const badId = await call(item.GET, viewerKey, { id: "not-a-uuid" });
    expect(badId.status).toBe(404);
  });

  it("hides a tenant's documents from another tenant: 404 by id, nothing in its list or search", async () => {
    const doc = (await (
      await add(operatorKey, { title: "Secret recipe", text: "Saffron-marker." })
    ).json()) as {
      id: string;
    };
    expect((await call(item.GET, strangerKey, { id: doc.id })).status).toBe(404);
    expect((await call(item.DELETE, strangerKey, { method: "DELETE", id: doc.id })).status).toBe(404);
    expect(JSON.stringify(await (await call(list.GET, strangerKey)).json())).not.toContain(doc.id);
    expect(await find(strangerKey, "saffron")).toEqual([]);
    expect(await find(viewerKey, "saffron")).toHaveLength(1);
  });

  it("deletes a document with its passages, audited; search no longer finds it", async () => {
    const doc = (await (
      await add(operatorKey, { title: "Old promo", text: "Use code WINTER10." })
    ).json()) as {
      id: string;
    };
    expect((await call(item.DELETE, viewerKey, { method: "DELETE", id: doc.id })).status).toBe(403);
    const deleted = await call(item.DELETE, operatorKey, { method: "DELETE", id: doc.id });
    expect(deleted.status).toBe(200);
    expect(await find(viewerKey, "winter10")).toEqual([]);
    expect(await db.select().from(documentChunks).where(eq(documentChunks.documentId, doc.id))).toEqual([]);
    expect((await call(item.GET, viewerKey, { id: doc.id })).status).toBe(404);
    expect((await call(item.DELETE, operatorKey, { method: "DELETE", id: doc.id })).status).toBe(404);
    const [audited] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "document.deleted"), eq(auditLog.targetId, doc.id)));
    expect(audited?.details).toEqual({ title: "Old promo" });
  });

  it("pages the list newest first", async () => {
    const page = await (await call(list.GET, viewerKey, { query: "limit=2" })).json();
    expect(page.documents).toHaveLength(2);
    expect(page.next_cursor).toEqual(expect.any(String));
    const next = await (
      await call(list.GET, viewerKey, { query: `limit=2&cursor=${page.next_cursor}` })
    ).json();
    const ids = [...page.documents, ...next.documents].map((d: { id: string }) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect((await call(list.GET, viewerKey, { query: "cursor=nonsense" })).status).toBe(400);
  });
});
