import canonicalize from "canonicalize";
import { sha256Hex } from "@/lib/sha256";

/**
 * Canonical JSON, RFC 8785 (the JSON Canonicalization Scheme): anyone can recompute a hash from the
 * standard. A date counts as its ISO text. What the standard refuses but JSON.stringify accepts is
 * first normalised, so hashing never fails on a tool's odd output: NaN and Infinity become null (as
 * JSON and jsonb store them), a string's lone surrogate (text cut inside a pair) becomes U+FFFD.
 */
export function canonicalJson(value: unknown): string {
  try {
    return canonicalize(value) ?? "null";
  } catch (error) {
    const normalised = JSON.stringify(value ?? null);
    if (normalised === undefined) throw error;
    const wellFormed = (_key: string, v: unknown) => (typeof v === "string" ? v.toWellFormed() : v);
    return canonicalize(JSON.parse(normalised, wellFormed)) ?? "null";
  }
}

export const hashCanonical = (value: unknown): string => sha256Hex(canonicalJson(value));
