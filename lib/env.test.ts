import { afterEach, describe, expect, it } from "vitest";
import { env, resetEnvCache } from "./env";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetEnvCache();
});

describe("env", () => {
  it("fills defaults and reads flags", () => {
    process.env = { FLIGHTDECK_DEMO: "0", PORT: "4000" } as unknown as NodeJS.ProcessEnv;
    resetEnvCache();
    expect(env()).toMatchObject({ PORT: 4000, FLIGHTDECK_DATA_DIR: ".data", FLIGHTDECK_DEMO: false });
    expect(env().DATABASE_URL).toBeUndefined();
  });

  it("names every invalid variable", () => {
    process.env = {
      PORT: "eighty",
      DATABASE_URL: "not a url",
      FLIGHTDECK_INIT_ADMIN_PASSWORD: "short",
    } as unknown as NodeJS.ProcessEnv;
    resetEnvCache();
    expect(() => env()).toThrow(/PORT[\s\S]*DATABASE_URL|DATABASE_URL[\s\S]*PORT/);
    expect(() => env()).toThrow(/FLIGHTDECK_INIT_ADMIN_PASSWORD/);
  });
});
