export type RiskLevel = "read" | "write" | "irreversible" | "unknown";

// A tool's risk is a function of its arguments; this is the label for the tool as a whole.
const RISKS: Record<string, { level: RiskLevel; label: string }> = {
  get_ticket: { level: "read", label: "read" },
  get_order: { level: "read", label: "read" },
  search_kb: { level: "read", label: "read" },
  issue_refund: { level: "write", label: "write" },
  update_ticket: { level: "write", label: "write" },
  run_command: { level: "write", label: "write" },
  write_file: { level: "write", label: "write" },
  send_email: { level: "irreversible", label: "irreversible" },
  http_request: { level: "write", label: "read (GET) / write" },
};

export function toolRisk(name: string): { level: RiskLevel; label: string } {
  return RISKS[name] ?? { level: "unknown", label: "risk unknown" };
}

/**
 * `risk`: what the tool says of a call (for a tenant's own tool, the admin's setting); the table
 * above wins for the tools whose risk depends on the arguments.
 */
export function RiskBadge({ name, id, risk: set }: { name: string; id?: string; risk?: RiskLevel }) {
  const risk = set && !(name in RISKS) ? { level: set, label: set } : toolRisk(name);
  return (
    <span id={id} className={`badge risk risk-${risk.level}`} title={`Risk: ${risk.label}`}>
      {risk.label}
    </span>
  );
}
