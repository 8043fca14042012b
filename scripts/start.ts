import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import next from "next";
import { database } from "@/db/client";
import { initialise } from "@/lib/bootstrap/initialise";
import { env, resetEnvCache } from "@/lib/env";
import { CLIENT_ADDRESS_HEADER, clientAddress } from "@/lib/net/client-address";
import { engineConfigFromEnv } from "@/lib/runtime/engine-config";
import { newOwnerId, RunWorker } from "@/lib/worker/worker";
import { printBanner } from "./banner";
import { prepare } from "./prepare";

const started = performance.now();
const config = env();
const url = `http://localhost:${config.PORT}`;
process.env.NEXTAUTH_URL ??= url;
resetEnvCache();

if (!existsSync(path.resolve(".next", "BUILD_ID"))) {
  console.log("No production build yet: building the app (once) …");
  const build = spawnSync(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "build"], {
    stdio: "inherit",
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const resolved = await prepare();
const report = await initialise(database().db, env());

const app = next({ dev: false, dir: process.cwd(), hostname: config.HOST, port: config.PORT });
await app.prepare();
const handle = app.getRequestHandler();
const trustProxy = env().FLIGHTDECK_TRUSTED_PROXY === true;
const server = createServer((req, res) => {
  req.headers[CLIENT_ADDRESS_HEADER] = clientAddress(req, trustProxy);
  return handle(req, res);
});

// The engine runs in this process too (FLIGHTDECK_WORKER=0 leaves runs to `npm run worker` processes).
const worker =
  env().FLIGHTDECK_WORKER === false
    ? null
    : new RunWorker(engineConfigFromEnv(database().db, newOwnerId()), database().sql, {
        concurrency: env().FLIGHTDECK_WORKER_CONCURRENCY,
      });

server.listen(config.PORT, config.HOST, async () => {
  await worker?.start();
  printBanner({
    url,
    embedded: resolved.embedded !== null,
    report,
    seconds: (performance.now() - started) / 1000,
  });
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping Flightdeck …`);
  server.close();
  await worker?.stop();
  await database().close();
  await resolved.embedded?.stop();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
