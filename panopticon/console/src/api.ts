/**
 * The console's panopticon client (same origin: the app serves the console and `/rpc/`),
 * and how answers that are not a success are shown.
 */

import { createClient } from "@blossom/rpc/panopticon";

const client = createClient({ baseUrl: "" });
type Call = typeof client.call;

/** Retries of an answer "busy or unavailable, nothing was changed": 3, waits doubling. */
const RETRIES = 3;

/**
 * The client, except that a `ServiceUnavailableError` (Postgres busy or down; the server
 * changed nothing) is retried after its `retry_after_seconds`, doubling each time; the
 * last answer is returned if it persists (the page then shows it with a retry button).
 */
export const api: { baseUrl: string; call: Call } = {
  baseUrl: client.baseUrl,
  call: (async (name: string, ...args: unknown[]) => {
    const call = client.call as unknown as (name: string, ...args: unknown[]) => Promise<{ ok: boolean; error?: string; data: unknown }>;
    let res = await call(name, ...args);
    for (let attempt = 0; attempt < RETRIES && !res.ok && res.error === "ServiceUnavailableError"; attempt++) {
      const after = Number((res.data as Record<string, unknown> | null)?.["retry_after_seconds"] ?? 1);
      await new Promise((done) => setTimeout(done, Math.max(1, after) * 1000 * 2 ** attempt));
      res = await call(name, ...args);
    }
    return res;
  }) as Call,
};

/** Called when an answer says the session is gone (set by main.ts: shows the login page). */
let onSignedOut: () => void = () => {};

export function setSignedOutHandler(handler: () => void): void {
  onSignedOut = handler;
}

interface Failure {
  ok: false;
  error: string;
  data: unknown;
  status: number | null;
}

/** A sentence for an error answer; an `UnauthorizedError` also leads back to the login page. */
export function describe(failure: Failure): string {
  if (failure.error === "UnauthorizedError") {
    onSignedOut();
    return "Your session has ended: sign in again.";
  }
  const data = (failure.data ?? {}) as Record<string, unknown>;
  switch (failure.error) {
    case "InputValidationError": {
      const fields = (data["fields"] ?? {}) as Record<string, string>;
      const parts = Object.entries(fields).map(([field, message]) => `${field}: ${message}`);
      return `Invalid input. ${parts.join("; ")}`;
    }
    case "NetworkError":
      return "The server could not be reached. Check the connection and try again.";
    case "LastOwnerError":
      return "This member is the organization's last owner: make another member owner first, then change or remove this one.";
    case "ServiceUnavailableError":
      return "The database is busy or unavailable (tried several times): retry in a moment.";
    case "UnknownError":
      return `Something went wrong on the server (request ${String(data["request_id"] ?? "?")}).`;
    default: {
      const detail = Object.entries(data)
        .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
        .join(", ");
      return `${humanize(failure.error)}${detail ? ` (${detail})` : ""}.`;
    }
  }
}

/** "NotSuperadminError" -> "Not superadmin". */
function humanize(name: string): string {
  const words = name.replace(/Error$/, "").replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
