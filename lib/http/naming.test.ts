import { describe, expect, it } from "vitest";
import { z } from "zod";
import { acceptCamelCase, apiFieldName, snakeCase, snakeCaseBody } from "./naming";

const useCase = z.object({
  agent: z.string(),
  dryRun: z.boolean().optional(),
  limits: z
    .object({ maxSteps: z.number().int().min(1).optional() })
    .strict()
    .optional(),
  args: z.record(z.string(), z.unknown()).optional(),
});

describe("the API's naming", () => {
  it("names fields in snake_case", () => {
    expect(snakeCase("maxCostUsd")).toBe("max_cost_usd");
    expect(snakeCase("expectedVersion")).toBe("expected_version");
    expect(snakeCase("tools")).toBe("tools");
  });

  it("takes a use case's body in snake_case and hands it over under the use case's names", () => {
    const body = snakeCaseBody(useCase);
    expect(body.parse({ agent: "a", dry_run: true, limits: { max_steps: 3 }, args: { orderId: 1 } })).toEqual(
      { agent: "a", dryRun: true, limits: { maxSteps: 3 }, args: { orderId: 1 } },
    );
    // The nested object stays strict, and its rules still hold, under the API's names.
    expect(() => body.parse({ agent: "a", limits: { maxSteps: 3 } })).toThrow(/maxSteps/);
    const refused = body.safeParse({ agent: "a", limits: { max_steps: 0 } });
    expect(refused.error?.issues[0]?.path).toEqual(["limits", "max_steps"]);
    expect(apiFieldName(body, "limits.maxSteps")).toBe("limits.max_steps");
    expect(apiFieldName(body, "args.orderId")).toBe("args.orderId");
    const oneAtLeast = snakeCaseBody(
      z
        .strictObject({ timeoutMs: z.number().optional() })
        .refine((s) => s.timeoutMs !== undefined, "Give one."),
    );
    expect(oneAtLeast.parse({ timeout_ms: 5 })).toEqual({ timeoutMs: 5 });
    expect(() => oneAtLeast.parse({})).toThrow(/Give one/);
    const json = z.toJSONSchema(body, { io: "input" }) as { properties: Record<string, unknown> };
    expect(Object.keys(json.properties)).toEqual(["agent", "dry_run", "limits", "args"]);
  });

  it("reads the previous release's camelCase names as their snake_case ones, and says which were sent", () => {
    const body = snakeCaseBody(useCase);
    const sent = { agent: "a", dryRun: true, limits: { maxSteps: 3 }, args: { orderId: 1 } };
    const { body: read, camelCase } = acceptCamelCase(sent, body);
    expect(read).toEqual({ agent: "a", dry_run: true, limits: { max_steps: 3 }, args: { orderId: 1 } });
    expect(camelCase).toEqual(["dryRun", "maxSteps"]);
    // Data keeps its keys, snake_case wins over its camelCase twin, and arrays of objects are read too.
    expect(acceptCamelCase({ dry_run: false, dryRun: true }, body)).toEqual({
      body: { dry_run: false, dryRun: true },
      camelCase: [],
    });
    // Keys every object inherits are data like any other, never a field of the schema.
    const inherited = JSON.parse('{"agent":"a","constructor":{"x":1},"__proto__":{"y":2},"toString":1}');
    expect(acceptCamelCase(inherited, body).body).toEqual(inherited);
    const list = z.object({ claims: z.array(z.object({ call_id: z.string() })) });
    expect(acceptCamelCase({ claims: [{ callId: "c" }] }, list)).toEqual({
      body: { claims: [{ call_id: "c" }] },
      camelCase: ["callId"],
    });
  });
});
