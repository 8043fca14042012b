import postgres from "postgres";

/**
 * A postgres.js pool on a connection URL that may name a Unix-socket directory as libpq does
 * (`postgres://user:pw@127.0.0.1:5432/db?host=/var/run/postgresql`): the socket is used, the host
 * and port still name the server. On one machine a socket costs about half the CPU per statement of
 * loopback TCP, on both sides, which the two cores Node and PostgreSQL share feel at once.
 */
export function openPostgres(
  url: string,
  options: postgres.Options<Record<string, never>> = {},
): postgres.Sql {
  const { url: plain, socketDir } = splitSocketDir(url);
  return postgres(plain, socketDir ? { ...options, host: socketDir } : options);
}

/** The URL without its `host` parameter (postgres.js would send it to the server as a setting), and that directory. */
export function splitSocketDir(url: string): { url: string; socketDir: string | null } {
  if (!URL.canParse(url)) return { url, socketDir: null };
  const parsed = new URL(url);
  const host = parsed.searchParams.get("host");
  if (!host?.startsWith("/")) return { url, socketDir: null };
  parsed.searchParams.delete("host");
  return { url: parsed.toString(), socketDir: host };
}
