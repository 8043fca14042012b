import { sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createTestDatabase } from "@/db/testing/test-database";
import { actionCases, routeCases } from "./testing/endpoint-cases";
import { callAction, callRoute, codeOf, endpointFixture } from "./testing/endpoint-fixture";
import "./testing/next-request-mocks";

/**
 * Hostile input for every JSON endpoint and server action, called as an admin: whatever arrives,
 * the answer is a clear 4xx (never a 500 or a crash), and a refused request writes nothing.
 * `npm run fuzz` runs many more cases than `npm test` (FLIGHTDECK_FUZZ_RUNS).
 */
const runs = Number(process.env.FLIGHTDECK_FUZZ_RUNS ?? 12);
const { db } = await createTestDatabase();
const fx = await endpointFixture(db);
const routes = routeCases(fx.a);
const actions = actionCases(fx.a);

/** Strings PostgreSQL refuses, or that break parsers and formatters. */
const hostileString = fc.oneof(
  fc.constantFrom(
    "\u0000",
    "a\u0000b",
    "\ud800",
    "x\udfffy",
    "",
    " ",
    "0001-01-01",
    "275760-09-13",
    "-1",
    "1e309",
    "NaN",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "'; drop table runs; --",
    "x".repeat(20_000),
  ),
  fc.string({ unit: "binary", maxLength: 40 }),
);
const hostileScalar = fc.oneof(
  hostileString,
  fc.integer(),
  fc.constantFrom(0, -1, 2 ** 53, -(2 ** 63), 1e308, 0.1, true, false, null),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileScalar },
  { weight: 1, arbitrary: fc.array(hostileScalar, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileString, hostileScalar, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.constant(deeplyNested(2_000)) },
);

function deeplyNested(depth: number): unknown {
  let value: unknown = "bottom";
  for (let i = 0; i < depth; i++) value = { facts: value };
  return value;
}

/** A body: the endpoint's own fields with hostile values, fields missing or added, or not JSON at all. */
function hostileBody(template: unknown): fc.Arbitrary<string> {
  const fields = template && typeof template === "object" ? Object.keys(template) : [];
  const mutated = fc
    .record(Object.fromEntries(fields.map((field) => [field, hostileValue])), { requiredKeys: [] })
    .chain((record) =>
      fc.dictionary(hostileString, hostileValue, { maxKeys: 2 }).map((extra) => ({ ...extra, ...record })),
    );
  return fc.oneof(
    { weight: 6, arbitrary: mutated.map((body) => JSON.stringify(body)) },
    { weight: 1, arbitrary: hostileValue.map((body) => JSON.stringify(body) ?? "null") },
    {
      weight: 1,
      arbitrary: fc.constantFrom("{", "[]", "null", '"x"', '{"a":\u0000}', "\ud800", "{}".repeat(9)),
    },
  );
}

const hostileParams = (params: Record<string, string>) =>
  fc.record(Object.fromEntries(Object.keys(params).map((name) => [name, hostileString])));

const QUERY_NAMES = [
  "from",
  "to",
  "agent",
  "model",
  "status",
  "cursor",
  "limit",
  "group_by",
  "tenant",
  "days",
];
const hostileQuery = fc
  .dictionary(fc.constantFrom(...QUERY_NAMES), hostileString, { maxKeys: 3 })
  .map((query) => `?${new URLSearchParams(query as Record<string, string>).toString()}`);

/**
 * Rows in every table of the app: a refused request must leave them as they were. The rate
 * limiter's counters are bookkeeping every request moves, refused or not; the receipt sealer links
 * receipts written earlier on its own schedule (a receipt a request wrote counts in `receipts`).
 */
const BOOKKEEPING = ["rate_limits", "receipt_links", "unsealed_receipts"];

async function rowCounts(): Promise<Record<string, number>> {
  const tables = await db.execute<{ name: string }>(
    sql`select tablename as name from pg_tables where schemaname = 'public'
      and tablename not in ${BOOKKEEPING} order by 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables)
    counts[name] = Number(
      (await db.execute<{ n: string }>(sql.raw(`select count(*) as n from "${name}"`)))[0]?.n ?? 0,
    );
  return counts;
}

describe("hostile input", () => {
  for (const [id, spec] of Object.entries(routes)) {
    if (spec.stream || spec.scope === "public") continue;
    const [method, file] = id.split(" ") as [string, string];
    const sendsBody = method !== "GET" && method !== "DELETE";
    it(`${id} answers 4xx and writes nothing`, async () => {
      await fc.assert(
        fc.asyncProperty(
          sendsBody ? hostileBody(spec.body).map((text): string | undefined => text) : fc.constant(undefined),
          hostileParams(spec.params ?? {}),
          method === "GET" || method === "DELETE" ? hostileQuery : fc.constant(undefined),
          async (bodyText, params, query) => {
            const before = await rowCounts();
            const outcome = await callRoute(fx, file, method, spec, "admin", { bodyText, params, query });
            expect(outcome.status, outcome.text.slice(0, 300)).toBeLessThan(500);
            if (outcome.status >= 400) expect(await rowCounts()).toEqual(before);
          },
        ),
        { numRuns: runs },
      );
    }, 120_000);
  }

  for (const [id, spec] of Object.entries(actions)) {
    it(`${id} answers with a message and writes nothing`, async () => {
      const length = spec.args().length;
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.array(hostileValue, { maxLength: length + 1 }),
            fc
              .array(hostileValue, { minLength: length, maxLength: length })
              .map((values) =>
                values.map((value, i) =>
                  spec.args()[i] instanceof FormData ? formOf(spec.args()[i], value) : value,
                ),
              ),
          ),
          async (args) => {
            const before = await rowCounts();
            const outcome = await callAction(fx, id, spec, "admin", args);
            const code = codeOf(outcome);
            const shown = "thrown" in outcome ? String(outcome.thrown) : JSON.stringify(outcome.result);
            expect(code, shown?.slice(0, 300)).not.toBe("internal");
            expect(code, shown?.slice(0, 300)).not.toBe("thrown");
            if (code !== undefined) expect(await rowCounts()).toEqual(before);
          },
        ),
        { numRuns: runs },
      );
    }, 120_000);
  }
});

/** The action's own form with every field set to one hostile value (as text, as a browser sends). */
function formOf(template: unknown, value: unknown): FormData {
  const form = new FormData();
  for (const [name] of (template as FormData).entries()) form.set(name, String(JSON.stringify(value) ?? ""));
  return form;
}
