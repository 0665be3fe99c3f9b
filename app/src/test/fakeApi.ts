/** A stand-in for the server in component tests: `fetch` answers from a table of routes
 * ("POST /api/crm/imports/imp_1/apply") and records every request. */
import { vi } from "vitest";

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
}

export type Answer = { status?: number; body: unknown; contentType?: string } | ((request: RecordedRequest) => { status?: number; body: unknown; contentType?: string });

export function fakeApi(routes: Record<string, Answer>) {
  const requests: RecordedRequest[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), "http://localhost");
    const method = (init?.method ?? "GET").toUpperCase();
    const request: RecordedRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: new Headers(init?.headers),
      body: typeof init?.body === "string" ? JSON.parse(init.body) : undefined,
    };
    requests.push(request);
    const route = routes[`${method} ${url.pathname}`];
    if (!route) {
      return new Response(JSON.stringify({ title: "Not found", status: 404, detail: `No fake route ${method} ${url.pathname}` }), {
        status: 404,
        headers: { "Content-Type": "application/problem+json" },
      });
    }
    const answer = typeof route === "function" ? route(request) : route;
    const status = answer.status ?? 200;
    return new Response(typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body), {
      status,
      headers: { "Content-Type": answer.contentType ?? (status >= 400 ? "application/problem+json" : "application/json") },
    });
  });
  vi.stubGlobal("fetch", fetchMock);
  return {
    requests,
    /** The requests made to `method path`. */
    calls: (method: string, path: string) => requests.filter((r) => r.method === method && r.path === path),
  };
}

export function problem(status: number, detail: string, extras: Record<string, unknown> = {}) {
  return { status, body: { type: "https://velocity.dev/problems/x", title: "Problem", status, detail, ...extras } };
}
