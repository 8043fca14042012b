"use client";

import { useEffect, useState } from "react";
import { registerMcpServerAction } from "@/app/(app)/tools/actions";
import { describedBy, FieldMessage } from "@/components/agents/field-message";
import { useKeptForm } from "@/components/ui/use-kept-form";
import { RefreshReportMessage } from "./refresh-report";

const FIELDS = ["name", "transport", "url", "headers", "command", "args"] as const;
type Field = (typeof FIELDS)[number];

/** Registers one of the tenant's MCP servers (admins). */
export function AddServerForm() {
  const { result, pending, form } = useKeptForm(registerMcpServerAction);
  const [transport, setTransport] = useState<"http" | "stdio">("http");
  const error = result && !result.ok ? result.error : null;
  // A header's line may be named by its field path (headers.X-Key): it is still the headers box.
  const field = FIELDS.find((f) => f === error?.field || error?.field?.startsWith(`${f}.`));
  const fieldError = (name: Field) =>
    field === name ? error?.message.replace(new RegExp(`^${name}[.\\w-]*: `), "") : undefined;

  useEffect(() => {
    if (result && field) form.ref.current?.querySelector<HTMLElement>(`[name="${field}"]`)?.focus();
  }, [result, field, form.ref]);

  return (
    <form {...form} className="card add-server-form" aria-labelledby="add-server-title">
      <h2 id="add-server-title">Add an MCP server</h2>
      <p className="hint">
        Flightdeck connects, lists the server&apos;s tools and adds them to the catalog as{" "}
        <code>name__tool</code>. Each starts as a write (policy asks a person) until you set its risk.
      </p>
      {error && !field && (
        <div className="alert alert-error" role="alert">
          {error.message}
        </div>
      )}
      {result?.ok && <RefreshReportMessage report={result.data} lead={`Added ${result.data.server}.`} />}
      <div className="field">
        <label htmlFor="mcp-name">Name</label>
        <input
          id="mcp-name"
          name="name"
          required
          maxLength={32}
          pattern="[A-Za-z][A-Za-z0-9_\-]{0,31}"
          autoComplete="off"
          spellCheck={false}
          {...describedBy("name", field === "name")}
        />
        <FieldMessage name="name" error={fieldError("name")}>
          1 to 32 letters, digits, _ or -, starting with a letter (e.g. crm). Its tools are named name__tool.
        </FieldMessage>
      </div>
      <fieldset className="field transport-choice" {...describedBy("transport", field === "transport")}>
        <legend>Transport</legend>
        <label className="radio">
          <input
            type="radio"
            name="transport"
            value="http"
            checked={transport === "http"}
            onChange={() => setTransport("http")}
          />
          HTTP (Streamable HTTP)
        </label>
        <label className="radio">
          <input
            type="radio"
            name="transport"
            value="stdio"
            checked={transport === "stdio"}
            onChange={() => setTransport("stdio")}
          />
          stdio (a command this deployment starts)
        </label>
        <FieldMessage name="transport" error={fieldError("transport")}>
          How Flightdeck reaches the server.
        </FieldMessage>
      </fieldset>
      {transport === "http" ? (
        <>
          <div className="field">
            <label htmlFor="mcp-url">URL</label>
            <input
              id="mcp-url"
              name="url"
              type="url"
              required
              autoComplete="off"
              spellCheck={false}
              placeholder="https://mcp.example.com/mcp"
              {...describedBy("url", field === "url")}
            />
            <FieldMessage name="url" error={fieldError("url")}>
              The server&apos;s Streamable HTTP endpoint (https, or http on a private network if this
              deployment allows it).
            </FieldMessage>
          </div>
          <div className="field">
            <label htmlFor="mcp-headers">Headers</label>
            <textarea
              id="mcp-headers"
              name="headers"
              rows={3}
              autoComplete="off"
              spellCheck={false}
              placeholder="Authorization: Bearer …"
              {...describedBy("headers", field === "headers")}
            />
            <FieldMessage name="headers" error={fieldError("headers")}>
              Optional. One &quot;Name: value&quot; a line, e.g. an API key. Values are sealed at rest and
              never shown again: only the names are.
            </FieldMessage>
          </div>
        </>
      ) : (
        <>
          <div className="field">
            <label htmlFor="mcp-command">Command</label>
            <input
              id="mcp-command"
              name="command"
              required
              autoComplete="off"
              spellCheck={false}
              {...describedBy("command", field === "command")}
            />
            <FieldMessage name="command" error={fieldError("command")}>
              Must be on this deployment&apos;s allow-list of MCP server commands (FLIGHTDECK_MCP_STDIO),
              exactly as written there.
            </FieldMessage>
          </div>
          <div className="field">
            <label htmlFor="mcp-args">Arguments</label>
            <textarea
              id="mcp-args"
              name="args"
              rows={3}
              autoComplete="off"
              spellCheck={false}
              {...describedBy("args", field === "args")}
            />
            <FieldMessage name="args" error={fieldError("args")}>
              Optional. One argument a line.
            </FieldMessage>
          </div>
        </>
      )}
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={pending}>
          {pending && <span className="spinner" aria-hidden />}
          {pending ? "Connecting…" : "Add server"}
        </button>
      </div>
    </form>
  );
}
