// Tests import server modules outside React's server runtime: "server-only" is a no-op for them.
export {};
