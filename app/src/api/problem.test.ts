import { describe, expect, it } from "vitest";
import { ProblemError, parseProblem, problemList, problemOf } from "./problem";

describe("parseProblem", () => {
  it("takes the detail of an RFC 9457 problem and keeps its extra members", () => {
    const body = JSON.stringify({ type: "https://velocity.dev/problems/conflict", title: "Conflict", status: 409, detail: "cannot revert", conflicts: ["client cli_1 changed"] });
    const problem = parseProblem(409, "Conflict", body);
    expect(problem).toMatchObject({ status: 409, title: "Conflict", detail: "cannot revert", type: "https://velocity.dev/problems/conflict" });
    expect(problemList(problem, "conflicts")).toEqual(["client cli_1 changed"]);
  });

  it("joins FastAPI validation errors into one readable sentence", () => {
    const body = JSON.stringify({ detail: [{ loc: ["body", "edits", 0, "column"], msg: "Field required" }, { loc: ["query", "limit"], msg: "too big" }] });
    expect(parseProblem(422, "Unprocessable Entity", body).detail).toBe("edits.0.column: Field required; query.limit: too big");
  });

  it("says what happened when the body is plain text or HTML", () => {
    expect(parseProblem(500, "Internal Server Error", "Internal Server Error").detail).toBe("Internal Server Error (HTTP 500)");
    expect(parseProblem(502, "Bad Gateway", "<html>oops</html>").detail).toBe("The server answered HTTP 502 Bad Gateway.");
    expect(parseProblem(503, "", "").detail).toBe("The server answered HTTP 503.");
  });
});

describe("problemOf", () => {
  it("keeps a ProblemError's problem and names a network failure", () => {
    const problem = parseProblem(404, "Not Found", JSON.stringify({ detail: "There is no client 'cli_x'." }));
    expect(problemOf(new ProblemError(problem))).toBe(problem);
    expect(problemOf(new TypeError("Failed to fetch"))).toMatchObject({ status: 0, detail: "Could not reach the server: Failed to fetch" });
  });

  it("finds no list where the problem has none", () => {
    expect(problemList(problemOf(new Error("x")), "conflicts")).toEqual([]);
  });
});
