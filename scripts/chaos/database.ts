import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { type EmbeddedDatabase, startEmbeddedPostgres } from "@/db/embedded";

const run = promisify(execFile);

/** The PostgreSQL the drill runs against and may restart. */
export type ChaosDatabase = {
  url: string;
  /** Null when the drill cannot restart it (a server given without a restart command). */
  restart: (() => Promise<void>) | null;
  stop: () => Promise<void>;
};

/** An embedded PostgreSQL in the drill's folder, restarted on the same port. */
export async function embeddedChaosDatabase(dir: string): Promise<ChaosDatabase> {
  let embedded: EmbeddedDatabase = await startEmbeddedPostgres(dir);
  const { port, password } = new URL(embedded.url);
  return {
    url: embedded.url,
    restart: async () => {
      await embedded.stop();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      embedded = await startEmbeddedPostgres(dir, {
        port: Number(port),
        password: decodeURIComponent(password),
      });
    },
    stop: () => embedded.stop(),
  };
}

/**
 * A server the operator owns (`--database-url`), restarted by their own command
 * (`--restart-command`, e.g. `pg_ctlcluster 15 main restart`), run through the shell as given.
 */
export function externalChaosDatabase(url: string, restartCommand: string | undefined): ChaosDatabase {
  return {
    url,
    restart: restartCommand
      ? async () => {
          await run("sh", ["-c", restartCommand], { timeout: 120_000 });
        }
      : null,
    stop: async () => {},
  };
}
