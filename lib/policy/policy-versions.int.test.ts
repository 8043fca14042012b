import { describe, expect, it } from "vitest";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { isAppError } from "@/lib/errors";
import { DEFAULT_POLICY } from "@/lib/tools/default-policy";
import {
  activePolicyVersion,
  listPolicyVersions,
  policyVersion,
  restorePolicy,
  savePolicy,
} from "./policy-versions";

const { db } = await createTestDatabase();
const tenant = await createTenant(db, "Policy Versions Co");
const admin = await createMember(db, tenant, "admin");
const viewer = await createMember(db, tenant, "viewer");
const other = await createTenant(db);
const stranger = await createMember(db, other, "admin");

const READS_ONLY = `@id("reads")
permit (principal, action == Action::"get_ticket", resource);
`;

async function rejection(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw new Error(`Expected an AppError, got ${String(error)}`);
  return error;
}

describe("policy versions", () => {
  it("starts at the built-in default, version 0", async () => {
    const active = await activePolicyVersion(db, viewer);
    expect(active).toMatchObject({
      version: 0,
      text: DEFAULT_POLICY,
      createdBy: "Flightdeck",
      createdAt: null,
    });
    expect((await listPolicyVersions(db, viewer)).map((v) => v.version)).toEqual([0]);
  });

  it("saves a valid policy as the next version, newest first in the list", async () => {
    const saved = await savePolicy(db, admin, { text: READS_ONLY, comment: "Reads only", baseVersion: 0 });
    expect(saved).toMatchObject({ version: 1, comment: "Reads only", createdBy: admin.label });
    expect((await activePolicyVersion(db, viewer)).version).toBe(1);
    expect((await listPolicyVersions(db, viewer)).map((v) => v.version)).toEqual([1, 0]);
    expect((await policyVersion(db, viewer, 1)).text).toBe(READS_ONLY);
  });

  it("refuses an invalid policy with Cedar's problems and keeps the active version", async () => {
    const error = await rejection(
      savePolicy(db, admin, {
        text: `${READS_ONLY}\npermit (principal, action, resource) when { context.nope };`,
      }),
    );
    expect(error.code).toBe("invalid_input");
    const problems = error.details?.problems as { message: string; line: number | null }[];
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]?.line).toBeGreaterThan(0);
    expect((await activePolicyVersion(db, viewer)).version).toBe(1);
  });

  it("refuses a save based on a version that is no longer the newest", async () => {
    const error = await rejection(savePolicy(db, admin, { text: DEFAULT_POLICY, baseVersion: 0 }));
    expect(error.code).toBe("conflict");
    expect(error.message).toContain("Version 1 was saved after you started editing version 0");
    expect((await activePolicyVersion(db, viewer)).version).toBe(1);
  });

  it("restores an older version by saving its text as the newest", async () => {
    const restored = await restorePolicy(db, admin, 0);
    expect(restored).toMatchObject({ version: 2, text: DEFAULT_POLICY, comment: "Restored version 0" });
    expect((await activePolicyVersion(db, viewer)).version).toBe(2);
    expect((await rejection(restorePolicy(db, admin, 42))).code).toBe("not_found");
  });

  it("lets only admins save or restore", async () => {
    expect((await rejection(savePolicy(db, viewer, { text: READS_ONLY }))).code).toBe("forbidden");
    expect((await rejection(restorePolicy(db, viewer, 1))).code).toBe("forbidden");
  });

  it("never shows one tenant's versions to another", async () => {
    expect((await listPolicyVersions(db, stranger)).map((v) => v.version)).toEqual([0]);
    expect((await rejection(policyVersion(db, stranger, 1))).code).toBe("not_found");
    expect((await savePolicy(db, stranger, { text: READS_ONLY, baseVersion: 0 })).version).toBe(1);
    expect((await activePolicyVersion(db, viewer)).version).toBe(2);
  });
});
