import { prettyJson } from "./format";

/** Pretty JSON under a collapsible label; open by default because it is what people came to read. */
export function JsonBlock({ label, value, open = true }: { label: string; value: unknown; open?: boolean }) {
  return (
    <details className="json-block" open={open}>
      <summary>{label}</summary>
      <pre>{prettyJson(value)}</pre>
    </details>
  );
}
