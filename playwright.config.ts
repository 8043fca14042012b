import { defineConfig, devices } from "@playwright/test";

// E2E_PORT lets a second run on the same machine use another port.
const PORT = Number(process.env.E2E_PORT ?? 3210);

export default defineConfig({
  testDir: "e2e",
  workers: 1,
  fullyParallel: false,
  retries: process.env.CI ? 1 : 0,
  reporter: "list",
  timeout: 30_000,
  use: {
    baseURL: `http://localhost:${PORT}`,
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
          ],
        },
      },
    },
  ],
  webServer: {
    // A fresh database on every run, so the seeded demo users and the audit log start known.
    command:
      `rm -rf .data-e2e-${PORT} && env -u DATABASE_URL FLIGHTDECK_DATA_DIR=.data-e2e-${PORT} ` +
      `FLIGHTDECK_DEMO_PASSWORD=e2e-demo-password FLIGHTDECK_PLATFORM_ADMINS=admin@acme.test PORT=${PORT} ` +
      "FLIGHTDECK_MCP_ALLOW_PRIVATE=1 NEXT_TELEMETRY_DISABLED=1 npm start",
    url: `http://localhost:${PORT}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    // SIGTERM lets the app stop its embedded PostgreSQL cleanly.
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
  },
});
