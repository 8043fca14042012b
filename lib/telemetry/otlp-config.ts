/** The traces URL for a base OTLP/HTTP endpoint, as the OpenTelemetry spec derives it ("<base>/v1/traces"). */
export function otlpTracesUrl(endpoint: string): string {
  return new URL("v1/traces", endpoint.endsWith("/") ? endpoint : `${endpoint}/`).toString();
}

/** OTEL_EXPORTER_OTLP_HEADERS: "key=value,key2=value2", values percent-encoded (e.g. "Basic%20…"). */
export function parseOtlpHeaders(text: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of text?.split(",") ?? []) {
    const at = pair.indexOf("=");
    if (at <= 0) continue;
    const key = decode(pair.slice(0, at).trim());
    if (key) headers[key] = decode(pair.slice(at + 1).trim());
  }
  return headers;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
