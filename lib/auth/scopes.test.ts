import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { assertScope } from "./actor";
import { roleHasScope, scopesOf } from "./scopes";

describe("roles and scopes", () => {
  it("grows from viewer to operator to admin", () => {
    const viewer = scopesOf("viewer");
    const operator = scopesOf("operator");
    const admin = scopesOf("admin");
    expect(viewer.every((s) => operator.includes(s))).toBe(true);
    expect(operator.every((s) => admin.includes(s))).toBe(true);
  });

  it("keeps decisions, kills and administration away from viewers", () => {
    for (const scope of [
      "approvals:decide",
      "kill:engage",
      "members:manage",
      "api_keys:manage",
      "webhooks:manage",
      "runs:start",
      "runs:steer",
    ] as const) {
      expect(roleHasScope("viewer", scope)).toBe(false);
    }
    expect(roleHasScope("operator", "kill:global")).toBe(false);
    // No tenant role stops every tenant: that is a deployment operator's (FLIGHTDECK_PLATFORM_ADMINS).
    expect(roleHasScope("admin", "kill:global")).toBe(false);
  });

  it("throws a forbidden AppError naming the role and scope", () => {
    const actor = {
      kind: "user" as const,
      id: "u",
      label: "v@x",
      tenantId: "t",
      tenantName: "T",
      role: "viewer" as const,
    };
    expect(() => assertScope(actor, "members:manage")).toThrow(AppError);
    expect(() => assertScope(actor, "members:manage")).toThrow(/viewer.*members:manage/);
  });
});
