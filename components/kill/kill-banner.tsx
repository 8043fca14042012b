import { Time } from "@/components/time/time-zone";

export type BannerSwitch = {
  id: string;
  scope: string;
  reason: string;
  engagedBy: string;
  engagedAt: string;
};

/** Shown on every page while everything or this tenant is stopped. */
export function KillBanner({ switches, tenantName }: { switches: BannerSwitch[]; tenantName: string }) {
  if (switches.length === 0) return null;
  return (
    <div className="kill-banner" role="alert" data-testid="kill-banner">
      {switches.map((s) => (
        <p key={s.id}>
          <strong>{s.scope === "global" ? "Emergency stop engaged" : `${tenantName} is frozen`}</strong>
          {" — "}no agent runs start and running ones were stopped. By {s.engagedBy} at{" "}
          <Time at={s.engagedAt} precision="minute" />: {s.reason}
        </p>
      ))}
    </div>
  );
}
