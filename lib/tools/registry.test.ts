import { describe, expect, it } from "vitest";
import { z } from "zod";
import { demoTools, getTool, toolsByName } from "./registry";
import { RISK_CLASSES } from "./types";

const CONTRACT: Record<string, string[]> = {
  get_ticket: ["ticket_id"],
  get_order: ["order_id"],
  search_kb: ["query"],
  issue_refund: ["order_id", "amount_usd", "reason"],
  send_email: ["to", "subject", "body"],
  update_ticket: ["ticket_id", "status", "note"],
  http_request: ["method", "url", "body"],
  run_command: ["command"],
  write_file: ["path", "content"],
};

type JsonSchema = { properties: Record<string, { description?: string }>; additionalProperties: boolean };

describe("tool registry", () => {
  it("holds the contract's tools with their arguments, each described, unknown keys refused", () => {
    expect(demoTools.map((t) => t.name).sort()).toEqual(Object.keys(CONTRACT).sort());
    for (const tool of demoTools) {
      const schema = z.toJSONSchema(tool.input, { io: "input" }) as unknown as JsonSchema;
      expect(Object.keys(schema.properties), tool.name).toEqual(CONTRACT[tool.name]);
      expect(schema.additionalProperties, tool.name).toBe(false);
      for (const [field, property] of Object.entries(schema.properties)) {
        expect(property.description, `${tool.name}.${field}`).toBeTruthy();
      }
      expect(tool.description.length).toBeGreaterThan(20);
      expect(tool.timeoutMs).toBeGreaterThan(0);
    }
  });

  it("gives each call a risk class, and marks only the key-safe write tools idempotent", () => {
    const risks = Object.fromEntries(demoTools.map((t) => [t.name, t.risk({ method: "GET" } as never)]));
    for (const risk of Object.values(risks)) expect(RISK_CLASSES).toContain(risk);
    expect(risks).toMatchObject({
      get_ticket: "read",
      issue_refund: "write",
      send_email: "irreversible",
      http_request: "read",
    });
    expect(getTool("issue_refund")?.idempotent).toBe(true);
    expect(getTool("send_email")?.idempotent).toBe(true);
    expect(getTool("update_ticket")?.idempotent).toBe(false);
    expect(getTool("write_file")?.idempotent).toBe(false);
  });

  it("looks tools up by name", () => {
    expect(getTool("get_order")?.name).toBe("get_order");
    expect(getTool("rm_rf")).toBeUndefined();
    expect(toolsByName(["write_file", "nope", "get_ticket", "write_file"]).map((t) => t.name)).toEqual([
      "write_file",
      "get_ticket",
    ]);
  });
});
