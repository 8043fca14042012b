import { writeFile } from "node:fs/promises";
import os from "node:os";
import { measureStartup } from "./startup";

// `npm run bench`: measures, then rewrites docs/benchmarks.md with the figures and how they were made.
const startup = await measureStartup();
const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model ?? "unknown CPU"}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const lines = [
  "# Benchmarks",
  "",
  `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, ${machine}.`,
  "Every figure below is rewritten by that command; nothing here is typed in by hand.",
  "",
  "## Start-up and idle memory (embedded default, app already built)",
  "",
  "| figure | measured | target |",
  "| --- | --- | --- |",
  `| \`npm start\` to healthy, fresh data folder (initdb, migrations, demo seed) | ${startup.firstStartSeconds.toFixed(2)} s | < 10 s |`,
  `| \`npm start\` to healthy, existing data folder | ${startup.restartSeconds.toFixed(2)} s | < 10 s |`,
  `| idle resident memory, server + embedded PostgreSQL | ${startup.idleMemoryMb.toFixed(0)} MB | < 400 MB |`,
  "",
];
await writeFile("docs/benchmarks.md", lines.join("\n"));
console.log(lines.join("\n"));
