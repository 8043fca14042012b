import type { AuditEntry } from "@/db/schema";

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
                {e.createdAt.toISOString().slice(0, 19).replace("T", " ")}
              </td>
              <td>
                {e.actorLabel}
                <div className="muted">{e.actorType.replace("_", " ")}</div>
              </td>
              <td>
                <span className="badge">{e.action}</span>
              </td>
              <td className="mono">
                {e.targetType ? `${e.targetType} ${e.targetId?.slice(0, 8) ?? ""}` : "—"}
              </td>
              <td className="details">{Object.keys(e.details).length ? JSON.stringify(e.details) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
