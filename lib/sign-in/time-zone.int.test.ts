import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { setOwnTimeZone } from "./time-zone";

const { db } = await createTestDatabase();

const zoneOf = async (id: string) =>
  (await db.select({ timeZone: users.timeZone }).from(users).where(eq(users.id, id)))[0]?.timeZone;

describe("setOwnTimeZone", () => {
  it("stores an IANA zone or UTC for the person alone, and refuses anything else", async () => {
    const tenant = await createTenant(db);
    const viewer = await createMember(db, tenant, "viewer");
    const other = await createMember(db, tenant, "admin");
    expect(await zoneOf(viewer.id)).toBeNull();

    expect(await setOwnTimeZone(db, viewer, { timeZone: " Europe/Paris " })).toBe("Europe/Paris");
    expect(await zoneOf(viewer.id)).toBe("Europe/Paris");
    expect(await zoneOf(other.id)).toBeNull();
    await setOwnTimeZone(db, viewer, { timeZone: "UTC" });
    expect(await zoneOf(viewer.id)).toBe("UTC");

    for (const bad of [
      "Mars/Olympus_Mons",
      "europe/paris",
      "'; drop table users; --",
      "x".repeat(5000),
      42,
      null,
    ])
      await expect(setOwnTimeZone(db, viewer, { timeZone: bad })).rejects.toMatchObject({
        code: "invalid_input",
        field: "timeZone",
      });
    expect(await zoneOf(viewer.id)).toBe("UTC");

    await expect(
      setOwnTimeZone(db, { ...viewer, kind: "api_key" }, { timeZone: "Europe/Paris" }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });
});
