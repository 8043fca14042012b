import { type ChildProcess, spawn } from "node:child_process";
import { chromium } from "@playwright/test";

export type RunPageFigures = {
  p50Ms: number;
  maxMs: number;
  /** Until every span and step outline has arrived (a long trace loads in pages after it paints). */
  completeP50Ms: number;
  completeMaxMs: number;
  loads: number;
};

// Runs in the page from its first script: notes the first frame that shows a span row and a step,
// and the first frame after the trace stopped loading (times from the navigation's start).
const FRAME_WATCH = `
  window.__runPage = {};
  const watch = () => {
    const marks = window.__runPage;
    const row = document.querySelector("ol[aria-label=Spans] button.span-row");
    const step = document.querySelector("details.step");
    if (!marks.painted && row && step && row.getBoundingClientRect().height > 0) marks.painted = performance.now();
    if (marks.painted && !marks.complete && !document.querySelector(".trace-loading")) marks.complete = performance.now();
    if (!marks.complete) requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
`;

/**
 * The run page of the large trace in headless Chromium, over a few loads (the app already built):
 * time from navigation start to the first frame showing the trace's first span row and a step,
 * and to the frame after all of the trace's outlines arrived. Frame times come from the page, not
 * from polling it.
 */
export async function measureRunPage(options: {
  databaseUrl: string;
  tenantId: string;
  runId: string;
  password: string;
  loads?: number;
  port?: number;
}): Promise<RunPageFigures> {
  const port = options.port ?? 3291;
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      PORT: String(port),
      NEXTAUTH_URL: base,
      NEXTAUTH_SECRET: "bench-secret-bench-secret-bench-secret",
      FLIGHTDECK_WORKER: "0",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: "ignore",
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  try {
    await waitHealthy(server, base);
    const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill("admin@acme.test");
    await page.getByLabel("Password").fill(options.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/runs$/);
    await context.addCookies([{ name: "fd_tenant", value: options.tenantId, url: base }]);
    await page.addInitScript(FRAME_WATCH);
    const loads = options.loads ?? 5;
    const painted: number[] = [];
    const complete: number[] = [];
    for (let i = 0; i <= loads; i++) {
      await page.goto(`/runs/${options.runId}`, { waitUntil: "commit" });
      await page.waitForFunction(
        () => (window as unknown as { __runPage: { complete?: number } }).__runPage.complete,
        undefined,
        { timeout: 60_000 },
      );
      const marks = await page.evaluate(
        () => (window as unknown as { __runPage: { painted: number; complete: number } }).__runPage,
      );
      // The first load compiles nothing (production build) but warms the server's caches: not counted.
      if (i === 0) continue;
      painted.push(marks.painted);
      complete.push(marks.complete);
    }
    await context.close();
    return {
      p50Ms: median(painted),
      maxMs: Math.max(...painted),
      completeP50Ms: median(complete),
      completeMaxMs: Math.max(...complete),
      loads: painted.length,
    };
  } finally {
    await browser.close();
    await stop(server);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
}

async function waitHealthy(child: ChildProcess, base: string) {
  for (let waited = 0; waited < 120_000; waited += 100) {
    if (child.exitCode !== null)
      throw new Error(`Flightdeck exited with ${child.exitCode} before it was healthy`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("Flightdeck did not become healthy within 120 s");
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
