/** Its own route group, so this skeleton covers the home page and not every page of the app. */
export default function HomeLoading() {
  return (
    <div aria-busy="true" aria-live="polite">
      <span className="sr-only">Loading today…</span>
      <div className="skeleton" style={{ width: "18%", height: 24 }} />
      <div className="skeleton" style={{ width: "44%" }} />
      <div style={{ display: "grid", gridTemplateColumns: "repeat(4, 1fr)", gap: 12, margin: "16px 0" }}>
        {["runs", "running", "success", "spend"].map((k) => (
          <div key={k} className="card">
            <div className="skeleton" style={{ width: "50%" }} />
            <div className="skeleton" style={{ width: "70%", height: 28 }} />
          </div>
        ))}
      </div>
      <div className="card">
        <div className="skeleton" style={{ width: "100%", height: 140 }} />
      </div>
    </div>
  );
}
