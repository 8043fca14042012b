import Link from "next/link";
import { Time } from "@/components/time/time-zone";
import type { AuditEntry } from "@/db/schema";
import { readableDetails } from "@/lib/audit/readable-details";
import { auditTargetHref } from "@/lib/audit/target-link";

function Target({ entry }: { entry: AuditEntry }) {
  if (!entry.targetType) return <>—</>;
  const label = `${entry.targetType.replace("_", " ")} ${entry.targetId?.slice(0, 8) ?? ""}`.trim();
  const href = auditTargetHref(entry);
  return (
    <>
      {href ? <Link href={href}>{label}</Link> : label}
      {entry.targetId && (
        <div>
          <Link
            className="audit-more"
            href={`/audit?target=${encodeURIComponent(entry.targetId)}`}
            aria-label={`All entries about ${label}`}
          >
            all entries
          </Link>
        </div>
      )}
    </>
  );
}

function Details({ details }: { details: Record<string, unknown> }) {
  const lines = readableDetails(details);
  if (lines.length === 0) return <>—</>;
  return (
    <dl className="audit-details">
      {lines.map((line, i) => (
        // Two changes may share a name (a field of two objects): the position keeps them apart.
        // biome-ignore lint/suspicious/noArrayIndexKey: the lines never reorder
        <div key={i}>
          <dt>{line.name}</dt>
          <dd>{line.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th>When (UTC)</th>
            <th>Who</th>
            <th>What</th>
            <th>Target</th>
            <th>Details</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td className="mono" style={{ whiteSpace: "nowrap" }}>
                <Time at={e.createdAt} />
              </td>
              <td>
                {e.actorLabel}
                <div className="muted">{e.actorType.replace("_", " ")}</div>
              </td>
              <td>
                <span className="badge">{e.action}</span>
              </td>
              <td className="mono">
                <Target entry={e} />
              </td>
              <td className="details">
                <Details details={e.details} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
