import { Time } from "@/components/time/time-zone";

type Entry = { id: number; at: string; actor: string; action: string; details: Record<string, unknown> };

const VERBS: Record<string, string> = {
  "tenant.created": "created",
  "tenant.renamed": "renamed",
  "tenant.suspended": "suspended",
  "tenant.resumed": "resumed",
};

function describe(entry: Entry): string {
  const d = entry.details;
  const tenant = String(d.tenant ?? "a tenant");
  const verb = VERBS[entry.action] ?? entry.action;
  if (entry.action === "tenant.renamed") return `renamed ${String(d.from)} to ${String(d.to)}`;
  if (entry.action === "tenant.suspended") return `suspended ${tenant}: ${String(d.reason ?? "")}`;
  return `${verb} ${tenant}`;
}

/** The deployment's own log: what operators did to tenants. */
export function PlatformLog({ entries }: { entries: Entry[] }) {
  return (
    <section className="card" aria-labelledby="platform-log-title">
      <h2 id="platform-log-title">Operator log</h2>
      {entries.length === 0 ? (
        <p className="muted">Nothing yet: tenants created, renamed, suspended or resumed here are listed.</p>
      ) : (
        <ul className="plain-list" data-testid="platform-log">
          {entries.map((e) => (
            <li key={e.id}>
              <Time at={e.at} precision="minute" className="muted" /> <strong>{e.actor}</strong> {describe(e)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
