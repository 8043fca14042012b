/** Its own route group, so this skeleton covers the list and not a run's page (see runs/[id]/layout.tsx). */
export default function RunsLoading() {
  return (
    <div aria-busy="true" aria-live="polite">
      <span className="sr-only">Loading runs…</span>
      <div className="skeleton" style={{ width: "20%", height: 24 }} />
      <div className="skeleton" style={{ width: "45%" }} />
      <div className="card">
        {Array.from({ length: 6 }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
          <div key={i} className="skeleton" style={{ width: `${95 - i * 6}%` }} />
        ))}
      </div>
    </div>
  );
}
