export default function DashboardsLoading() {
  return (
    <div aria-busy="true" aria-live="polite">
      <span className="sr-only">Loading dashboards…</span>
      <div className="skeleton" style={{ width: "22%", height: 24 }} />
      <div className="skeleton" style={{ width: "48%" }} />
      <div className="card">
        <div className="skeleton" style={{ width: "60%" }} />
      </div>
      <div style={{ display: "grid", gridTemplateColumns: "repeat(4, 1fr)", gap: 12, marginBottom: 16 }}>
        {["spend", "runs", "success", "per-task"].map((k) => (
          <div key={k} className="card">
            <div className="skeleton" style={{ width: "50%" }} />
            <div className="skeleton" style={{ width: "70%", height: 28 }} />
          </div>
        ))}
      </div>
      <div className="card">
        <div className="skeleton" style={{ width: "100%", height: 240 }} />
      </div>
    </div>
  );
}
