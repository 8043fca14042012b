import { randomBytes } from "node:crypto";

/** A new secret for people to copy once: API keys, temporary passwords. */
export const randomToken = (bytes = 24): string => randomBytes(bytes).toString("base64url");

export const API_KEY_PREFIX = "fdk_";

export const newApiKey = (): string => `${API_KEY_PREFIX}${randomToken(30)}`;
