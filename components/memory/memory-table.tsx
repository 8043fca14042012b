import Link from "next/link";
import { formatRelative, formatUtc } from "@/components/runs/format";
import type { MemoryItemView } from "@/lib/memory/agent-memory";
import { MemorySourceLink, memoryItemHref, UntrustedBadge, valuePreview } from "./memory-source";

type Props = {
  items: MemoryItemView[];
  /** The Memory page's address: an item opens with its key and session in the query. */
  base: string;
  selected?: { key: string; session: string | null };
  now: number;
};

export function MemoryTable({ items, base, selected, now }: Props) {
  return (
    <div className="table-wrap">
      <table className="memory-table stacked-table">
        <thead>
          <tr>
            <th>Key</th>
            <th>Scope</th>
            <th>Value</th>
            <th>Written by</th>
            <th className="num">Version</th>
            <th>Updated</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => {
            const current = selected?.key === item.key && selected.session === item.session;
            return (
              <tr key={item.id} data-memory-key={item.key} aria-current={current || undefined}>
                <td className="memory-key" data-label="Key">
                  <Link href={memoryItemHref(base, item.key, item.session)}>{item.key}</Link>
                  {item.untrusted && <UntrustedBadge />}
                </td>
                <td data-label="Scope">
                  {item.session ? <span title="Session">{item.session}</span> : "agent"}
                </td>
                <td data-label="Value">
                  <code className="memory-preview">{valuePreview(item.value)}</code>
                </td>
                <td data-label="Written by">
                  <MemorySourceLink source={item.source} />
                </td>
                <td className="num" data-label="Version">
                  {item.version}
                </td>
                <td data-label="Updated">
                  <time dateTime={item.updatedAt.toISOString()} title={formatUtc(item.updatedAt)}>
                    {formatRelative(item.updatedAt, now)}
                  </time>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
