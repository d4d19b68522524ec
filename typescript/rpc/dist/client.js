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
/** `date` as an `ISODateTime` (UTC), for inputs. */
export function isoDateTime(date) {
    return date.toISOString();
}
/** The UTC calendar date of `date` as an `ISODate`, for inputs. */
export function isoDate(date) {
    return date.toISOString().slice(0, 10);
}
/** A page request failed: `failure` is the `{ ok: false, error, data }` answer, typed. */
export class PageError extends Error {
    rpc;
    failure;
    constructor(rpc, failure) {
        super(`${rpc} answered ${failure.error}`);
        this.rpc = rpc;
        this.failure = failure;
        this.name = "PageError";
    }
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
export async function* paginate(client, name, ...args) {
    const [input, options] = args;
    const call = client.call;
    let cursor = null;
    do {
        const result = await call(name, { ...input, cursor }, options);
        if (!result.ok)
            throw new PageError(name, result);
        const page = result.data;
        yield* page.items;
        cursor = page.next_cursor;
    } while (cursor !== null);
}
const REQUEST_ID_HEADER = "X-Request-ID";
const BODY_EXCERPT_CHARS = 1000;
/** A client of one app (used by the generated `createClient` functions). */
export function createRPCClient(table, commonErrors, options) {
    const baseUrl = options.baseUrl.replace(/\/+$/, "");
    const fetcher = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    const common = new Set(commonErrors);
    async function call(name, input, callOptions) {
        const spec = table[name] ?? { method: "POST", output: true, errors: [] };
        const headers = { Accept: "application/json" };
        if (callOptions?.requestId !== undefined)
            headers[REQUEST_ID_HEADER] = callOptions.requestId;
        if (options.apiKey !== undefined)
            headers["Authorization"] = `Bearer ${options.apiKey}`;
        let url = `${baseUrl}/rpc/${encodeURIComponent(name)}`;
        const init = {
            method: spec.method,
            headers,
            credentials: options.apiKey === undefined ? "include" : "omit",
        };
        if (callOptions?.signal !== undefined)
            init.signal = callOptions.signal;
        if (spec.method === "GET") {
            const query = queryString(input);
            if (query)
                url += `?${query}`;
        }
        else {
            headers["Content-Type"] = "application/json";
            init.body = input === undefined ? "{}" : JSON.stringify(input);
        }
        let response;
        let text;
        try {
            response = await fetcher(url, init);
            if (spec.stream === true && response.status === 200 && response.body !== null) {
                const data = streamOf(response, response.body);
                return { ok: true, data, requestId: response.headers.get(REQUEST_ID_HEADER), status: 200 };
            }
            text = await response.text();
        }
        catch (error) {
            return failure("NetworkError", { message: errorMessage(error) }, null, null);
        }
        const requestId = response.headers.get(REQUEST_ID_HEADER);
        const status = response.status;
        let body;
        try {
            body = JSON.parse(text);
        }
        catch {
            const excerpt = text.slice(0, BODY_EXCERPT_CHARS);
            return failure("NonJSONResponseError", { status, body: excerpt }, status, requestId);
        }
        if (status === 200) {
            return { ok: true, data: spec.output ? body : null, requestId, status };
        }
        if (isErrorBody(body) && (common.has(body.error) || spec.errors.includes(body.error))) {
            return failure(body.error, body.data, status, requestId);
        }
        return failure("UnexpectedResponseError", { status, body }, status, requestId);
    }
    return { baseUrl, call: call };
}
function streamOf(response, body) {
    const disposition = response.headers.get("Content-Disposition") ?? "";
    const named = /filename="([^"]*)"/.exec(disposition);
    async function* chunks() {
        const decoder = new TextDecoder();
        const reader = body.getReader();
        try {
            for (;;) {
                const { done, value } = await reader.read();
                if (done)
                    break;
                const text = decoder.decode(value, { stream: true });
                if (text)
                    yield text;
            }
            const rest = decoder.decode();
            if (rest)
                yield rest;
        }
        finally {
            reader.releaseLock();
        }
    }
    return {
        contentType: (response.headers.get("Content-Type") ?? "").split(";")[0].trim(),
        filename: named?.[1] ?? null,
        body,
        chunks,
        async text() {
            let all = "";
            for await (const text of chunks())
                all += text;
            return all;
        },
    };
}
function failure(error, data, status, requestId) {
    return { ok: false, error, data, status, requestId };
}
function isErrorBody(body) {
    return (typeof body === "object" &&
        body !== null &&
        typeof body.error === "string" &&
        "data" in body);
}
function errorMessage(error) {
    if (error instanceof Error) {
        const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
        return `${error.message}${cause}`;
    }
    return String(error);
}
/**
 * A GET RPC's input as query parameters: one per field, arrays as repeated keys,
 * `null`/`undefined` fields left out (the server then uses the field's default).
 */
function queryString(input) {
    if (input === undefined || input === null || typeof input !== "object")
        return "";
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(input)) {
        for (const item of Array.isArray(value) ? value : [value]) {
            if (item === undefined || item === null)
                continue;
            params.append(key, typeof item === "object" ? JSON.stringify(item) : String(item));
        }
    }
    return params.toString();
}
