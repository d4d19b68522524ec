// Generated from the panopticon app's routers by tools/rpc_codegen: do not edit.
// Change the Python routes, then run `uv run just codegen-rpc`.

import { createRPCClient } from "./client.js";
import type { Client, ClientOptions, RPCRuntimeSpec } from "./client.js";

/**
 * The input does not match the route's input type: one message per failing field.
 *
 * Keys are dotted paths (`email`, `items.0.name`); `__root__` means the whole input.
 */
export interface InputValidationErrorData {
  fields: Record<string, string>;
}

/** Wrong email or password (also: unfinished signup, disabled user, not an admin). */
export type InvalidCredentialsErrorData = Record<string, never>;

/** The RPC exists but answers another HTTP method (listed in `allowed`). */
export interface MethodNotAllowedErrorData {
  allowed: string[];
}

export interface PanopticonInitOut {
  admin: UserSummary | null;
}

export interface PanopticonLoginIn {
  email: string;
  password: string;
}

/** No RPC has this name. */
export interface RPCNotFoundErrorData {
  name: string;
}

/** The handler did not finish within its timeout. */
export interface RPCTimeoutErrorData {
  timeout_seconds: number;
}

/** The request body did not arrive within `timeout_seconds`. */
export interface RequestTimeoutErrorData {
  timeout_seconds: number;
}

/** The request body is larger than the configured limit. */
export interface RequestTooLargeErrorData {
  max_bytes: number;
}

/** The request body is not valid JSON. */
export interface ServerJSONDeserializeErrorData {
  message: string;
}

/**
 * The database is unreachable or too busy right now; nothing was changed. Retry after
 * `retry_after_seconds` (also sent as the `Retry-After` header).
 */
export interface ServiceUnavailableErrorData {
  retry_after_seconds: number;
}

/** Too many failed logins for this email; try again after `retry_after_seconds`. */
export interface TooManyAttemptsErrorData {
  retry_after_seconds: number;
}

/** The caller is not signed in (or may not call this route). */
export type UnauthorizedErrorData = Record<string, never>;

/** Something went wrong on our side; the log has the details under `request_id`. */
export interface UnknownErrorData {
  request_id: string;
}

/** A POST body must be `Content-Type: application/json`. */
export interface UnsupportedMediaTypeErrorData {
  expected: string;
}

/** A user: id, display name and email address. */
export interface UserSummary {
  id: string;
  name: string;
  email: string;
}

/** The data of every error a panopticon RPC may answer, by error name. */
export interface PanopticonErrorData {
  /**
   * The input does not match the route's input type: one message per failing field.
   *
   * Keys are dotted paths (`email`, `items.0.name`); `__root__` means the whole input.
   */
  InputValidationError: InputValidationErrorData;
  /** Wrong email or password (also: unfinished signup, disabled user, not an admin). */
  InvalidCredentialsError: InvalidCredentialsErrorData;
  /** The RPC exists but answers another HTTP method (listed in `allowed`). */
  MethodNotAllowedError: MethodNotAllowedErrorData;
  /** No RPC has this name. */
  RPCNotFoundError: RPCNotFoundErrorData;
  /** The handler did not finish within its timeout. */
  RPCTimeoutError: RPCTimeoutErrorData;
  /** The request body did not arrive within `timeout_seconds`. */
  RequestTimeoutError: RequestTimeoutErrorData;
  /** The request body is larger than the configured limit. */
  RequestTooLargeError: RequestTooLargeErrorData;
  /** The request body is not valid JSON. */
  ServerJSONDeserializeError: ServerJSONDeserializeErrorData;
  /**
   * The database is unreachable or too busy right now; nothing was changed. Retry after
   * `retry_after_seconds` (also sent as the `Retry-After` header).
   */
  ServiceUnavailableError: ServiceUnavailableErrorData;
  /** Too many failed logins for this email; try again after `retry_after_seconds`. */
  TooManyAttemptsError: TooManyAttemptsErrorData;
  /** The caller is not signed in (or may not call this route). */
  UnauthorizedError: UnauthorizedErrorData;
  /** Something went wrong on our side; the log has the details under `request_id`. */
  UnknownError: UnknownErrorData;
  /** A POST body must be `Content-Type: application/json`. */
  UnsupportedMediaTypeError: UnsupportedMediaTypeErrorData;
}

/** Errors every panopticon RPC may answer (standard and app-wide ones). */
export type PanopticonCommonErrorName = "InputValidationError" | "MethodNotAllowedError" | "RPCNotFoundError" | "RPCTimeoutError" | "RequestTimeoutError" | "RequestTooLargeError" | "ServerJSONDeserializeError" | "ServiceUnavailableError" | "UnauthorizedError" | "UnknownError" | "UnsupportedMediaTypeError";

/** Every panopticon RPC: HTTP method, input, output and the errors it may answer. */
export interface PanopticonRPCs {
  /**
   * The signed-in admin, or null.
   *
   * `GET /rpc/init`, authorization: public
   */
  init: {
    method: "GET";
    input: null;
    output: PanopticonInitOut;
    errors: PanopticonCommonErrorName;
  };
  /**
   * Sign in as an admin (a user listed in `admins`); a new session every time.
   *
   * `POST /rpc/login`, authorization: public
   */
  login: {
    method: "POST";
    input: PanopticonLoginIn;
    output: PanopticonInitOut;
    errors: PanopticonCommonErrorName | "InvalidCredentialsError" | "TooManyAttemptsError";
  };
  /**
   * End this panopticon session and clear its cookie.
   *
   * `POST /rpc/logout`, authorization: admin
   */
  logout: {
    method: "POST";
    input: null;
    output: null;
    errors: PanopticonCommonErrorName;
  };
}

export type PanopticonRPCName = keyof PanopticonRPCs;

export type PanopticonClient = Client<PanopticonRPCs, PanopticonErrorData>;

const COMMON_ERRORS: readonly PanopticonCommonErrorName[] = ["InputValidationError", "MethodNotAllowedError", "RPCNotFoundError", "RPCTimeoutError", "RequestTimeoutError", "RequestTooLargeError", "ServerJSONDeserializeError", "ServiceUnavailableError", "UnauthorizedError", "UnknownError", "UnsupportedMediaTypeError"];

const RPC_TABLE = {
  init: { method: "GET", output: true, errors: [] },
  login: { method: "POST", output: true, errors: ["InvalidCredentialsError", "TooManyAttemptsError"] },
  logout: { method: "POST", output: false, errors: [] },
} satisfies Record<PanopticonRPCName, RPCRuntimeSpec>;

/** A client of the panopticon app: `createClient({ baseUrl }).call(name, input)`. */
export function createClient(options: ClientOptions): PanopticonClient {
  return createRPCClient<PanopticonRPCs, PanopticonErrorData>(RPC_TABLE, COMMON_ERRORS, options);
}
