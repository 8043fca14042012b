import { createTransport } from "nodemailer";
import type { DbOrTx } from "@/db/client";
import { mailOutbox } from "@/db/schema";
import type { InvitationDelivery } from "@/db/schema/invitations";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

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

/**
 * Mail by SMTP (nodemailer). Sent while the sender's transaction is open: a message that cannot be
 * handed to the server fails the invitation, which then is not stored either.
 */
export function smtpTransport(url: string, from: string): MailTransport {
  const transporter = createTransport(url);
  return {
    delivery: "smtp",
    async send(_db, mail) {
      try {
        await transporter.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.body });
      } catch (cause) {
        throw new AppError("unavailable", "The mail server did not accept the message: try again later.", {
          cause,
        });
      }
    },
  };
}

let smtp: { url: string; transport: MailTransport } | undefined;

/** SMTP when FLIGHTDECK_SMTP_URL is set, else the tenant's outbox (the embedded demo works offline). */
export function mailTransport(): MailTransport {
  const { FLIGHTDECK_SMTP_URL: url, FLIGHTDECK_MAIL_FROM: from } = env();
  if (!url) return outboxTransport;
  if (smtp?.url !== url) smtp = { url, transport: smtpTransport(url, from) };
  return smtp.transport;
}
