/**
 * The runtime behind the generated RPC clients (`product.ts`, `panopticon.ts`).
 *
 * Hand-written and generic: the generated modules describe each RPC (input, output,
 * errors) as types plus a small table (HTTP method, declared error names), and import
 * nothing but this file.
 *
 *     import { createClient } from "./product.js";
 *     const product = createClient({ baseUrl: "https://api.example.com" });
 *     const res = await product.call("login", { email, password });
 *     if (res.ok) show(res.data.user);
 *     else if (res.error === "TooManyAttemptsError") wait(res.data.retry_after_seconds);
 *
 * `call` never throws for an answer the server can give: typed errors, and also network
 * failures, non-JSON bodies and unexpected statuses, come back as `{ ok: false, error,
 * data }`. The protocol is described in the repository's README ("The apps").
 */
/** An ISO-8601 date-time with its offset, as the server sends it: "2030-01-31T12:00:00Z". */
export type ISODateTime = string & {
    readonly __brand: "ISODateTime";
};
/** An ISO-8601 calendar date: "2030-01-31". */
export type ISODate = string & {
    readonly __brand: "ISODate";
};
/** `date` as an `ISODateTime` (UTC), for inputs. */
export declare function isoDateTime(date: Date): ISODateTime;
/** The UTC calendar date of `date` as an `ISODate`, for inputs. */
export declare function isoDate(date: Date): ISODate;
/** The errors the client reports itself, when the server gave no answer it can type. */
export interface SystemErrorData {
    /** The request did not complete: connection refused, DNS, CORS refusal, aborted. */
    NetworkError: {
        message: string;
    };
    /** The server answered with a body that is not JSON (a proxy's error page, say). */
    NonJSONResponseError: {
        status: number;
        body: string;
    };
    /** JSON, but no answer this RPC can give: an unknown status or error name. */
    UnexpectedResponseError: {
        status: number;
        body: unknown;
    };
}
export type SystemErrorName = keyof SystemErrorData;
/** The static description of one RPC, as the generated `<App>RPCs` interfaces spell it. */
export interface RPCSpec {
    method: "GET" | "POST";
    /** `null` for RPCs without input. */
    input: unknown;
    /** `null` for RPCs without output (the server answers `{"ok": true}`). */
    output: unknown;
    /** The names of every error the RPC may answer (declared and standard ones). */
    errors: string;
}
/**
 * The answer of a streamed RPC (a download: CSV, JSON lines), as it arrives: read it with
 * one of `body`, `chunks()` or `text()`, once. A server error after the answer started
 * closes the connection before the body's end, so reading rejects (a `TypeError` from
 * fetch) instead of ending short.
 *
 *     const res = await product.call("organization_audit_log_export", { format: "csv" });
 *     if (res.ok) for await (const text of res.data.chunks()) write(text);
 */
export interface RPCStream {
    /** The media type the server answered (`text/csv`, `application/x-ndjson`, ...). */
    readonly contentType: string;
    /** The file name the server suggests (`Content-Disposition`), if any and exposed. */
    readonly filename: string | null;
    /** The body's bytes as they arrive. */
    readonly body: ReadableStream<Uint8Array>;
    /** The body as UTF-8 text, chunk by chunk as it arrives (a character split between chunks is kept whole). */
    chunks(): AsyncIterable<string>;
    /** The whole body as text, once it has arrived (small downloads). */
    text(): Promise<string>;
}
/** What the generated modules tell the runtime about each RPC. */
export interface RPCRuntimeSpec {
    readonly method: "GET" | "POST";
    /** False when the RPC has no output: its `data` is `null`. */
    readonly output: boolean;
    /** True for a streamed RPC: its `data` is an `RPCStream`. */
    readonly stream?: boolean;
    /** Errors declared by this RPC, in addition to the app's common errors. */
    readonly errors: readonly string[];
}
export type RPCTable = Readonly<Record<string, RPCRuntimeSpec>>;
export interface ClientOptions {
    /** Where the app is served, without `/rpc`: "https://api.example.com", or "" for the page's origin. */
    baseUrl: string;
    /** The fetch to use (default `globalThis.fetch`): wrap it to keep cookies outside a browser, log or retry. */
    fetch?: typeof globalThis.fetch;
    /**
     * An API key (`bsk_<id>_<secret>`, from `api_key_create`), sent as `Authorization: Bearer`
     * on every call, for server-side use only (never ship a key to a browser). It may call the
     * RPCs its scopes name among those that accept keys; cookies are then not sent.
     */
    apiKey?: string;
}
export interface CallOptions {
    /** Aborts the request (the call then resolves to a `NetworkError`). */
    signal?: AbortSignal;
    /** Sent as `X-Request-ID` (8 to 128 letters, digits, `.`, `_`, `-`); the server makes one otherwise. */
    requestId?: string;
}
interface Answer {
    /** The response's `X-Request-ID` (null when no response arrived or it was not exposed by CORS). */
    requestId: string | null;
    /** The HTTP status (null when no response arrived). */
    status: number | null;
}
export interface RPCSuccess<Output> extends Answer {
    ok: true;
    data: Output;
    status: number;
}
/** One `{ ok: false, error, data }` member per error name, so checking `error` narrows `data`. */
export type RPCFailure<Names extends string, Data> = {
    [Name in Names]: Answer & {
        ok: false;
        error: Name;
        data: Name extends keyof Data ? Data[Name] : never;
    };
}[Names];
export type RPCResult<Spec extends RPCSpec, ErrorData> = RPCSuccess<Spec["output"]> | RPCFailure<Spec["errors"] | SystemErrorName, ErrorData & SystemErrorData>;
/**
 * `call`'s arguments after the name: the input is optional for RPCs without input.
 * Distributive: for a name that is no RPC, `Name` falls back to every name, whose
 * argument lists then include the empty one, so tsc reports the name itself
 * (`Argument of type '"logni"' is not assignable to ...`), not the argument count.
 */
export type CallArgs<Spec extends RPCSpec> = Spec extends RPCSpec ? [Spec["input"]] extends [null] ? [input?: null, options?: CallOptions] : {} extends Spec["input"] ? [input?: Spec["input"], options?: CallOptions] : [input: Spec["input"], options?: CallOptions] : never;
export type RPCInput<RPCs extends Record<keyof RPCs, RPCSpec>, Name extends keyof RPCs> = RPCs[Name]["input"];
export type RPCOutput<RPCs extends Record<keyof RPCs, RPCSpec>, Name extends keyof RPCs> = RPCs[Name]["output"];
export interface Client<RPCs extends Record<keyof RPCs, RPCSpec>, ErrorData> {
    readonly baseUrl: string;
    /** Call RPC `name`; resolves to `{ ok: true, data }` or `{ ok: false, error, data }`, never rejects. */
    call<Name extends keyof RPCs & string>(name: Name, ...args: CallArgs<RPCs[Name]>): Promise<RPCResult<RPCs[Name], ErrorData>>;
}
/** One page of a paginated list RPC: `{ items, next_cursor }` (null on the last page). */
export interface Page<Item> {
    items: Item[];
    next_cursor: string | null;
}
/** The item type of a paginated RPC's output (`never` for any other output). */
export type PageItem<Output> = Output extends Page<infer Item> ? Item : never;
/**
 * The names of the paginated RPCs among `RPCs`: their input takes a `cursor` and their
 * output is a `Page`. `paginate` accepts only these.
 */
export type PaginatedRPCName<RPCs extends Record<keyof RPCs, RPCSpec>> = {
    [Name in keyof RPCs & string]: RPCs[Name]["input"] extends {
        cursor?: string | null;
    } ? RPCs[Name]["output"] extends Page<unknown> ? Name : never : never;
}[keyof RPCs & string];
/** `paginate`'s arguments after the name: the input without `cursor` (optional when every field is). */
export type PaginateArgs<Input> = {} extends Omit<Input, "cursor"> ? [input?: Omit<Input, "cursor">, options?: CallOptions] : [input: Omit<Input, "cursor">, options?: CallOptions];
/** A page request failed: `failure` is the `{ ok: false, error, data }` answer, typed. */
export declare class PageError<Failure extends {
    error: string;
} = {
    error: string;
}> extends Error {
    readonly rpc: string;
    readonly failure: Failure;
    constructor(rpc: string, failure: Failure);
}
/**
 * Every item of a paginated list RPC, fetching page after page (each call passes the
 * previous answer's `next_cursor`) as the loop asks for more:
 *
 *     for await (const member of paginate(product, "organization_members_list", { limit: 200 })) {
 *       console.log(member.email);
 *     }
 *
 * Only paginated RPCs are accepted, and the item type is the RPC's. A failed page (an
 * error answer, or a network failure) throws a `PageError` holding the typed failure;
 * stopping the loop early fetches no more pages.
 */
export declare function paginate<RPCs extends Record<keyof RPCs, RPCSpec>, ErrorData, Name extends PaginatedRPCName<RPCs>>(client: Client<RPCs, ErrorData>, name: Name, ...args: PaginateArgs<RPCs[Name]["input"]>): AsyncGenerator<PageItem<RPCs[Name]["output"]>, void, undefined>;
/** A client of one app (used by the generated `createClient` functions). */
export declare function createRPCClient<RPCs extends Record<keyof RPCs, RPCSpec>, ErrorData>(table: RPCTable, commonErrors: readonly string[], options: ClientOptions): Client<RPCs, ErrorData>;
export {};
