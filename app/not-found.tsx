export default function NotFound() {
  return (
    <main className="auth-page">
      <div className="auth-card">
        <h1>Page not found</h1>
        <p className="muted">There is nothing at this address.</p>
        <a href="/" className="button button-primary">
          Back to Flightdeck
        </a>
      </div>
    </main>
  );
}
