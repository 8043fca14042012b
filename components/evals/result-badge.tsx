export function ResultBadge({ pass }: { pass: boolean }) {
  return (
    <span className={`badge run-status ${pass ? "run-status-succeeded" : "run-status-failed"}`}>
      {pass ? "pass" : "fail"}
    </span>
  );
}
