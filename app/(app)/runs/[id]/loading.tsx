export default function RunLoading() {
  return (
    <div aria-busy="true" aria-live="polite">
      <span className="sr-only">Loading the run…</span>
      <div className="skeleton" style={{ width: "25%", height: 24 }} />
      <div className="card">
        <div className="skeleton" style={{ width: "30%" }} />
        <div className="skeleton" />
        <div className="skeleton" style={{ width: "70%" }} />
      </div>
      <div className="card">
        <div className="skeleton" style={{ height: 120 }} />
      </div>
    </div>
  );
}
