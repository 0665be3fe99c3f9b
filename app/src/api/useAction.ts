/** The generic write hook: run a request and remember how it ended. */
import { useCallback, useState } from "react";
import { type Problem, problemOf } from "./problem";

export type ActionState<R> =
  | { state: "idle" }
  | { state: "running" }
  | { state: "failed"; problem: Problem }
  | { state: "done"; result: R };

export interface ActionHandle<A extends unknown[], R> {
  status: ActionState<R>;
  /** Runs the action; resolves to the result, or undefined when it failed (see `status`). */
  run: (...args: A) => Promise<R | undefined>;
  reset: () => void;
}

export function useAction<A extends unknown[], R>(perform: (...args: A) => Promise<R>): ActionHandle<A, R> {
  const [status, setStatus] = useState<ActionState<R>>({ state: "idle" });
  const run = async (...args: A) => {
    setStatus({ state: "running" });
    try {
      const result = await perform(...args);
      setStatus({ state: "done", result });
      return result;
    } catch (error) {
      setStatus({ state: "failed", problem: problemOf(error) });
      return undefined;
    }
  };
  const reset = useCallback(() => setStatus({ state: "idle" }), []);
  return { status, run, reset };
}
