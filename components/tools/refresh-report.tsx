import type { RefreshReport } from "@/app/(app)/tools/actions";

/** What a registration or refresh found: tools listed, and each problem or the server's error. */
export function RefreshReportMessage({ report, lead }: { report: RefreshReport; lead: string }) {
  const trouble = report.lastError !== null || report.problems.length > 0;
  return (
    <div className={`alert ${trouble ? "alert-warn" : "alert-ok"}`} role="status">
      <p>
        {lead}{" "}
        {report.lastError
          ? `Its tools could not be listed: ${report.lastError}`
          : `Found ${report.tools} ${report.tools === 1 ? "tool" : "tools"}${
              report.problems.length > 0 ? `; ${report.problems.length} cannot be offered:` : "."
            }`}
      </p>
      {report.problems.length > 0 && (
        <ul>
          {report.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
