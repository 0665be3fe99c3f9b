/** The one place the UI talks HTTP: JSON requests to `/api/crm`, failures as ProblemError. */
import { authorizationHeader, reportUnauthenticated } from "./credentials";
import { ProblemError, parseProblem } from "./problem";

export const API_ROOT = "/api/crm";

export type QueryValue = string | number | boolean | null | undefined;

/** `/api/crm` + path + the query parameters that have a value. */
export function apiUrl(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === null || value === undefined || value === "") continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return `${API_ROOT}${path}${search ? `?${search}` : ""}`;
}

interface RequestOptions {
  method?: "GET" | "POST" | "PUT";
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
}

/** The error for a failed response; a 401 also signs the UI out (see `credentials.ts`). */
export function failedRequest(status: number, statusText: string, body: string): ProblemError {
  const problem = parseProblem(status, statusText, body);
  if (status === 401) reportUnauthenticated(problem);
  return new ProblemError(problem);
}

export async function requestJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = "GET", query, body, signal } = options;
  const headers: Record<string, string> = { Accept: "application/json, application/problem+json", ...authorizationHeader() };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(apiUrl(path, query), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  const text = await response.text();
  if (!response.ok) throw failedRequest(response.status, response.statusText, text);
  return (text ? JSON.parse(text) : null) as T;
}

export const getJson = <T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal) =>
  requestJson<T>(path, { query, signal });

export const postJson = <T>(path: string, body?: unknown, query?: Record<string, QueryValue>) =>
  requestJson<T>(path, { method: "POST", body, query });

export const putJson = <T>(path: string, body: unknown) => requestJson<T>(path, { method: "PUT", body });
