/** A one-time message shown by the next page rendered (after an action reloads its page). */

import { notice } from "./dom.js";

let pending: string | null = null;

export function flash(message: string): void {
  pending = message;
}

export function takeFlash(): HTMLElement | null {
  const message = pending;
  pending = null;
  return message === null ? null : notice("ok", message);
}
