import { createServer, type Server } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { invitations, mailOutbox } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { inviteMember } from "@/lib/members/members";
import { smtpTransport } from "./transport";

const { db } = await createTestDatabase();
const tenant = await createTenant(db, "Mail Co");
const admin = await createMember(db, tenant, "admin");

/** A mail server on loopback that speaks just enough SMTP to accept messages, and keeps them. */
async function startMailServer(): Promise<{ port: number; messages: string[]; server: Server }> {
  const messages: string[] = [];
  const server = createServer((socket) => {
    let data: string | null = null;
    let buffer = "";
    socket.write("220 test ESMTP\r\n");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      let end = buffer.indexOf("\r\n");
      while (end >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (data !== null) {
          if (line === ".") {
            messages.push(data);
            data = null;
            socket.write("250 queued\r\n");
          } else data += `${line}\n`;
        } else if (/^(EHLO|HELO)/i.test(line)) socket.write("250 test\r\n");
        else if (/^DATA/i.test(line)) {
          data = "";
          socket.write("354 go on\r\n");
        } else if (/^QUIT/i.test(line)) socket.end("221 bye\r\n");
        else socket.write("250 ok\r\n");
        end = buffer.indexOf("\r\n");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return { port: typeof address === "object" && address ? address.port : 0, messages, server };
}

const mail = await startMailServer();
afterAll(() => new Promise<void>((resolve) => mail.server.close(() => resolve())));

describe("mail by SMTP", () => {
  it("sends the invitation link to the person, not to an outbox, and marks the invitation as proven by mail", async () => {
    const transport = smtpTransport(`smtp://127.0.0.1:${mail.port}`, "Flightdeck <noreply@example.test>");
    const invited = await inviteMember(
      db,
      admin,
      { email: "new.person@example.test", role: "viewer" },
      transport,
    );
    expect(invited.delivery).toBe("smtp");
    expect(mail.messages).toHaveLength(1);
    const message = mail.messages[0] ?? "";
    expect(message).toMatch(/To: new\.person@example\.test/);
    expect(message).toMatch(/\/invite\/[A-Za-z0-9_-]{20,}/);
    expect(await db.select().from(mailOutbox).where(eq(mailOutbox.tenantId, tenant.id))).toEqual([]);
  });

  it("refuses the invitation, storing nothing, when the mail server cannot be reached", async () => {
    const closed = await startMailServer();
    const port = closed.port;
    await new Promise<void>((resolve) => closed.server.close(() => resolve()));
    const transport = smtpTransport(`smtp://127.0.0.1:${port}`, "Flightdeck <noreply@example.test>");
    await expect(
      inviteMember(db, admin, { email: "unlucky@example.test", role: "viewer" }, transport),
    ).rejects.toMatchObject({ code: "unavailable" });
    expect(await db.select().from(invitations).where(eq(invitations.email, "unlucky@example.test"))).toEqual(
      [],
    );
  });
});
