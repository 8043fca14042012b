import type { InitialisationReport } from "@/lib/bootstrap/initialise";

export function printBanner(info: {
  url: string;
  embedded: boolean;
  report: InitialisationReport;
  seconds: number;
}) {
  const lines = [
    "",
    `  Flightdeck is ready on ${info.url}  (started in ${info.seconds.toFixed(1)} s)`,
    `  Database: ${info.embedded ? "embedded PostgreSQL (data in the data folder)" : "DATABASE_URL"}`,
  ];
  const demo = info.report.demo;
  if (demo && demo.credentials.length > 0) {
    lines.push("", `  Demo tenant "${demo.tenant}" created. Sign in with (shown this once):`);
    for (const c of demo.credentials)
      lines.push(`    ${c.role.padEnd(9)} ${c.email.padEnd(22)} ${c.password}`);
  }
  const init = info.report.initTenant;
  if (init) {
    lines.push(
      "",
      `  Tenant "${init.tenant}" from FLIGHTDECK_INIT_*: admin ${init.adminCreated ? "created" : "already there"}, API key ${init.apiKeyCreated ? "created" : "already there"}.`,
    );
  }
  console.log(`${lines.join("\n")}\n`);
}
