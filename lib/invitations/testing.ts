import type { Mail, MailTransport } from "@/lib/mail/transport";

/** A transport for tests that keeps what it sent, and can claim either kind of delivery. */
export function capturingTransport(delivery: MailTransport["delivery"] = "smtp") {
  const sent: Mail[] = [];
  const transport: MailTransport = {
    delivery,
    async send(_db, mail) {
      sent.push(mail);
    },
  };
  const lastToken = (): string => {
    const match = sent.at(-1)?.body.match(/\/invite\/([\w-]+)/);
    if (!match?.[1]) throw new Error("no invitation link was sent");
    return match[1];
  };
  return { transport, sent, lastToken };
}
