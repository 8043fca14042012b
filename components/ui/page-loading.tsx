/** A generic skeleton for a page of the app while its server render streams in. */
export function PageLoading() {
  return (
    <div aria-busy="true" aria-live="polite">
      <span className="sr-only">Loading…</span>
      <div className="skeleton" style={{ width: "30%", height: 24 }} />
      <div className="card">
        <div className="skeleton" />
        <div className="skeleton" style={{ width: "80%" }} />
        <div className="skeleton" style={{ width: "60%" }} />
      </div>
    </div>
  );
}
