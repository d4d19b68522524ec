/**
 * The console's panopticon client (same origin: the app serves the console and `/rpc/`),
 * and how answers that are not a success are shown.
 */

import { createClient } from "@blossom/rpc/panopticon";

export const api = createClient({ baseUrl: "" });

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
    case "ServiceUnavailableError":
      return `The database is busy or unavailable; retry in ${String(data["retry_after_seconds"] ?? 1)} s.`;
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
