/** RFC 9457 problem details as the UI sees them: every failed request becomes a `Problem`
 * whose `detail` is the sentence to show the operator. */

export interface Problem {
  status: number;
  title: string;
  detail: string;
  type?: string;
  /** Extra members the server added (e.g. `conflicts` on a refused revert, `import_id`). */
  extras: Record<string, unknown>;
}

export class ProblemError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail);
    this.name = "ProblemError";
    this.problem = problem;
  }
}

const STANDARD = new Set(["type", "title", "status", "detail", "instance"]);

function validationDetail(items: unknown[]): string {
  return items
    .map((item) => {
      if (typeof item !== "object" || item === null) return String(item);
      const entry = item as { loc?: unknown[]; msg?: string };
      const where = (entry.loc ?? []).filter((part) => part !== "body").join(".");
      return where ? `${where}: ${entry.msg ?? "invalid"}` : (entry.msg ?? "invalid");
    })
    .join("; ");
}

/** Turn a failed response's status and body text into a Problem, whatever the body holds. */
export function parseProblem(status: number, statusText: string, body: string): Problem {
  const fallback: Problem = {
    status,
    title: statusText || `HTTP ${status}`,
    detail: body.trim() && body.length < 300 && !body.trimStart().startsWith("<")
      ? `${body.trim()} (HTTP ${status})`
      : `The server answered HTTP ${status}${statusText ? ` ${statusText}` : ""}.`,
    extras: {},
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return fallback;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return fallback;
  const record = parsed as Record<string, unknown>;
  const detail = Array.isArray(record.detail)
    ? validationDetail(record.detail)
    : typeof record.detail === "string"
      ? record.detail
      : typeof record.title === "string"
        ? record.title
        : fallback.detail;
  const extras = Object.fromEntries(Object.entries(record).filter(([key]) => !STANDARD.has(key)));
  return {
    status: typeof record.status === "number" ? record.status : status,
    title: typeof record.title === "string" ? record.title : fallback.title,
    detail,
    type: typeof record.type === "string" ? record.type : undefined,
    extras,
  };
}

/** A Problem for anything thrown: a ProblemError keeps its problem, a network failure says so. */
export function problemOf(error: unknown): Problem {
  if (error instanceof ProblemError) return error.problem;
  const message = error instanceof Error ? error.message : String(error);
  return { status: 0, title: "Network error", detail: `Could not reach the server: ${message}`, extras: {} };
}

/** The string list a problem carries under `key` (e.g. a refused revert's `conflicts`). */
export function problemList(problem: Problem, key: string): string[] {
  const value = problem.extras[key];
  return Array.isArray(value) ? value.map(String) : [];
}
