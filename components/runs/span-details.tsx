import type { SpanView } from "@/lib/runs/live-view";
import { formatDuration, formatUtc } from "./format";

export function SpanDetails({ span }: { span: SpanView }) {
  const duration = span.endTime
    ? formatDuration(Date.parse(span.endTime) - Date.parse(span.startTime))
    : "open";
  return (
    <div className="span-details" aria-live="polite">
      <h3>
        {span.name} <span className={`badge span-status-${span.status}`}>{span.status}</span>
      </h3>
      <p className="muted">
        {formatUtc(span.startTime)} · {duration} · span <code>{span.spanId}</code>
        {span.seq !== null && <> · step #{span.seq}</>}
      </p>
      <table className="span-attributes">
        <tbody>
          {Object.entries(span.attributes).map(([key, value]) => (
            <tr key={key}>
              <th scope="row" className="mono">
                {key}
              </th>
              <td className="mono">{String(value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
