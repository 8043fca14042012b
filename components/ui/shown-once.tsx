/** A secret the server returns once (an API key, a signing secret), with a Copy button. */
export function ShownOnce({ message, secret, testId }: { message: string; secret: string; testId: string }) {
  return (
    <div className="alert alert-ok" role="status">
      {message}
      <div className="secret">
        <code data-testid={testId}>{secret}</code>
        <button
          type="button"
          className="button-secondary button-small"
          onClick={() => navigator.clipboard?.writeText(secret)}
        >
          Copy
        </button>
      </div>
    </div>
  );
}
