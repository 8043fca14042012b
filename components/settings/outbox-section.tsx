import { Time } from "@/components/time/time-zone";
import type { OutboxMail } from "@/db/schema";

/** Mail Flightdeck could not send because no SMTP server is configured (the offline demo). */
export function OutboxSection({ mails }: { mails: OutboxMail[] }) {
  return (
    <section className="card" aria-labelledby="outbox-title">
      <h2 id="outbox-title">Outbox</h2>
      <p className="hint">
        No mail server is configured, so invitations wait here. An account created from a link passed on by
        hand cannot join another tenant until its owner proves their email address.
      </p>
      {mails.length === 0 ? (
        <p className="muted">No mail yet.</p>
      ) : (
        <ul aria-label="Outbox mail">
          {mails.map((m) => (
            <li key={m.id} data-testid="outbox-mail">
              <strong>{m.subject}</strong> — to {m.to} · <Time at={m.createdAt} precision="minute" />
              <pre style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{m.body}</pre>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
