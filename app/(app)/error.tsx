"use client";

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <section className="card empty" role="alert">
      <h2>This page could not be loaded</h2>
      <p>Something went wrong on our side; the error was logged. Try again in a moment.</p>
      <button type="button" className="button-primary" onClick={reset}>
        Try again
      </button>
    </section>
  );
}
