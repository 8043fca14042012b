/**
 * Whether an error means the database could not be reached or went away (a restart, a failover, a
 * network cut), as opposed to a statement it refused. Drizzle wraps the driver's error as `cause`.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const { code, syscall } = current as { code?: unknown; syscall?: unknown };
    if (typeof code === "string" && (CONNECTION_CODES.has(code) || code.startsWith("08"))) return true;
    // A Unix socket whose server is down is no file at all.
    if (code === "ENOENT" && syscall === "connect") return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

const CONNECTION_CODES = new Set([
  // Raised by postgres.js and Node's sockets.
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  // SQLSTATE: the server is shutting down, crashed, or not yet accepting connections (class 08 above).
  "57P01",
  "57P02",
  "57P03",
]);

/** Whether PostgreSQL refused the write for a duplicate in this unique index (looking through wrapped causes). */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const { code, constraint_name } = current as { code?: unknown; constraint_name?: unknown };
    if (code === "23505" && constraint_name === constraint) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
