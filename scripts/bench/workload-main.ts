import { execFileSync } from "node:child_process";
import { utcToday } from "@/lib/day";
import { withWarmBench } from "./warm-bench";
import { measureWorkload } from "./workload";
import { writeWorkloadSection } from "./workload-report";

// `npm run bench:workload`: issue #25's workload beside a bare insert loop, the cost of starting a
// run and the bytes per task step; rewrites its own section of docs/benchmarks.md.
const figures = await withWarmBench(measureWorkload);
const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
const section = await writeWorkloadSection(figures, {
  date: utcToday(),
  command: "npm run bench:workload",
  commit,
});
console.log(section);
