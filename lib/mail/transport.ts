import type { DbOrTx } from "@/db/client";
import { mailOutbox } from "@/db/schema";
import type { InvitationDelivery } from "@/db/schema/invitations";

export type Mail = { tenantId: string; to: string; subject: string; body: string };

/**
 * Sends mail. `delivery` says whether the message reaches only the addressee (`smtp`), or is kept
 * in the tenant's outbox where its admins read it (`outbox`) and so proves nothing about the address.
 */
export type MailTransport = {
  delivery: InvitationDelivery;
  send(db: DbOrTx, mail: Mail): Promise<void>;
};

/** The offline transport: mail is stored for the tenant's admins, in the sender's transaction. */
export const outboxTransport: MailTransport = {
  delivery: "outbox",
  async send(db, mail) {
    await db.insert(mailOutbox).values(mail);
  },
};

// TODO(smtp): an SMTP transport (nodemailer, when FLIGHTDECK_SMTP_URL is set) with delivery "smtp".
export const mailTransport = (): MailTransport => outboxTransport;
