import { hostname } from "node:os";
import { describe, expect, it } from "vitest";
import { embeddedIPv4, isPrivateHost, isPublicAddress, resolvesPrivate } from "./public-address";

const hostOf = (url: string) => new URL(url).hostname.replace(/^\[|\]$/g, "");

describe("isPublicAddress", () => {
  it("refuses private IPv4 inside every IPv6 spelling", () => {
    for (const address of [
      "::127.0.0.1", // IPv4-compatible
      "::7f00:1",
      "::ffff:127.0.0.1", // IPv4-mapped
      "::ffff:7f00:1",
      "::ffff:0:10.0.0.1", // IPv4-translated
      "2002:7f00:1::", // 6to4
      "2002:a9fe:a9fe::1",
      "64:ff9b::169.254.169.254", // NAT64
      "64:ff9b::a9fe:a9fe",
      "64:ff9b:1::8.8.8.8", // local-use NAT64
      "2001:0:4136:e378:8000:63bf:80ff:fffe", // Teredo, client 127.0.0.1 obfuscated
      "2001:0:4136:e378:8000:63bf:3f57:fefe", // Teredo, client 192.168.1.1
      "::",
      "::1",
      "fe80::1%eth0",
      "fd00::1",
    ]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
  });

  it("accepts public IPv4 in those spellings and plain public addresses", () => {
    expect(embeddedIPv4("2001:0:4136:e378:8000:63bf:3f57:fdf2")).toBe("192.168.2.13");
    for (const address of [
      "8.8.8.8",
      "::ffff:8.8.8.8",
      "::ffff:808:808",
      "2002:808:808::1",
      "64:ff9b::8.8.8.8",
      "2001:0:4136:e378:8000:63bf:f7f7:f7f7", // Teredo, client 8.8.8.8
      "2606:4700:4700::1111",
    ]) {
      expect(isPublicAddress(address), address).toBe(true);
    }
  });

  it("sees through decimal, octal and hex IPv4 spellings in URLs", () => {
    for (const url of [
      "http://2130706433/",
      "http://0x7f.1/",
      "http://0177.0.0.1/",
      "http://127.1/",
      "http://0x7f000001/",
      "http://[::127.0.0.1]/",
      "http://[::ffff:7f00:1]/",
      "http://[2002:7f00:1::]/",
    ]) {
      expect(isPrivateHost(hostOf(url)), url).toBe(true);
    }
  });
});

describe("resolvesPrivate", () => {
  it("decides on what a name resolves to, not on the name", async () => {
    expect(await resolvesPrivate(hostname())).toBe(true); // this machine, by its name
    expect(await resolvesPrivate("no-such-host.invalid")).toBe(true);
    expect(await resolvesPrivate("8.8.8.8")).toBe(false);
    expect(await resolvesPrivate("[::ffff:7f00:1]")).toBe(true);
  });
});
