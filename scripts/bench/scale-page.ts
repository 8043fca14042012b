import { type ChildProcess, spawn } from "node:child_process";
import { chromium } from "@playwright/test";

export type RunPageFigures = { p50Ms: number; maxMs: number; loads: number };

/**
 * The run page of the large trace in headless Chromium: time from navigation until the trace's
 * first span row and the steps list are visible, over a few loads (the app already built).
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
    const loads = options.loads ?? 5;
    const samples: number[] = [];
    for (let i = 0; i <= loads; i++) {
      const started = performance.now();
      await page.goto(`/runs/${options.runId}`, { waitUntil: "commit" });
      await page
        .locator("ol[aria-label=Spans] button.span-row")
        .first()
        .waitFor({ state: "visible", timeout: 30_000 });
      await page.locator("details.step").first().waitFor({ state: "visible", timeout: 30_000 });
      // The first load compiles nothing (production build) but warms the server's caches: not counted.
      if (i > 0) samples.push(performance.now() - started);
    }
    await context.close();
    samples.sort((a, b) => a - b);
    return {
      p50Ms: samples[Math.floor((samples.length - 1) / 2)] ?? 0,
      maxMs: samples.at(-1) ?? 0,
      loads: samples.length,
    };
  } finally {
    await browser.close();
    await stop(server);
  }
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
