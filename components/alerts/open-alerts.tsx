import Link from "next/link";
import { Time } from "@/components/time/time-zone";
import type { Alert } from "@/db/schema";
import { describeAlert } from "@/lib/alerts/describe-alert";

/** The alerts open now, each with a way to the runs behind it; nothing when all is well. */
export function OpenAlerts({ alerts }: { alerts: Alert[] }) {
  if (alerts.length === 0) return null;
  return (
    <section className="alert alert-warn open-alerts" aria-label="Open alerts">
      <strong>
        {alerts.length} open {alerts.length === 1 ? "alert" : "alerts"}
      </strong>
      <ul className="plain-list">
        {alerts.map((a) => (
          <li key={a.id} data-testid="open-alert">
            <Link href={`/runs?agent=${encodeURIComponent(a.agentName)}`}>{a.agentName}</Link>:{" "}
            {describeAlert(a)}
            <span className="muted">
              {" "}
              · since <Time at={a.raisedAt} precision="minute" />
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
