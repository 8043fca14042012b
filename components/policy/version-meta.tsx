import { Time } from "@/components/time/time-zone";
import type { VersionSummary } from "./types";

/** "Version 3 · saved by ada@acme.test · 2026-01-01 10:00:00 UTC · comment". */
export function VersionMeta({ version }: { version: VersionSummary }) {
  return (
    <p className="policy-meta">
      <span className="badge policy-version" data-testid="active-version">
        Version {version.version}
      </span>
      <span>
        saved by <strong>{version.createdBy}</strong>
      </span>
      <span>{version.createdAt ? <Time at={version.createdAt} /> : "built in"}</span>
      {version.comment && <span className="muted">“{version.comment}”</span>}
    </p>
  );
}
