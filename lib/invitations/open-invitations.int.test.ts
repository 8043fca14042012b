import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { inviteMember, removeMember } from "@/lib/members/members";
import { acceptInvitationWithPassword } from "./accept-invitation";
import { listOpenInvitations, revokeInvitation } from "./open-invitations";
import { capturingTransport } from "./testing";

const { db } = await createTestDatabase();
const tenant = await createTenant(db);
const admin = await createMember(db, tenant, "admin");
const leaving = await createMember(db, tenant, "admin");
const operator = await createMember(db, tenant, "operator");
const outsider = await createMember(db, await createTenant(db), "admin");
const mail = capturingTransport("outbox");
const password = "a long enough password";

describe("open invitations", () => {
  it("an invitation left by an admin who has gone can be seen and revoked, and then lets nobody in", async () => {
    const invited = await inviteMember(
      db,
      leaving,
      { email: "pal@example.com", role: "admin" },
      mail.transport,
    );
    const token = mail.lastToken();
    await removeMember(db, admin, { userId: leaving.id });

    const open = await listOpenInvitations(db, admin);
    expect(open).toMatchObject([
      {
        id: invited.invitationId,
        email: "pal@example.com",
        role: "admin",
        kind: "join",
        invitedBy: leaving.label,
      },
    ]);
    await revokeInvitation(db, admin, { id: invited.invitationId });
    expect(await listOpenInvitations(db, admin)).toEqual([]);
    await expect(acceptInvitationWithPassword(db, { token, password })).rejects.toMatchObject({
      code: "not_found",
    });
    const audits = await db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.action, "member.invitation_revoked"), eq(auditLog.targetId, invited.invitationId)),
      );
    expect(audits).toHaveLength(1);
    // Revoking again changes nothing and says so.
    await expect(revokeInvitation(db, admin, { id: invited.invitationId })).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("only the tenant's own admins see or revoke its invitations", async () => {
    const invited = await inviteMember(
      db,
      admin,
      { email: "new@example.com", role: "viewer" },
      mail.transport,
    );
    await expect(listOpenInvitations(db, operator)).rejects.toMatchObject({ code: "forbidden" });
    await expect(revokeInvitation(db, operator, { id: invited.invitationId })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await listOpenInvitations(db, outsider)).toEqual([]);
    await expect(revokeInvitation(db, outsider, { id: invited.invitationId })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(revokeInvitation(db, admin, { id: "not-a-uuid\u0000" })).rejects.toMatchObject({
      code: "not_found",
    });
    // Still open: it works for the person invited.
    await acceptInvitationWithPassword(db, { token: mail.lastToken(), password });
    expect(await listOpenInvitations(db, admin)).toEqual([]);
  });
});
