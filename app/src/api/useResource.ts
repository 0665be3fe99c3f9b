/** The generic read hook behind every resource file: fetch on key change, keep the last data
 * while reloading, and expose idle / loading / error / ready as a discriminated union. */
import { useCallback, useEffect, useState } from "react";
import { type Problem, problemOf } from "./problem";

export type Resource<T> =
  | { state: "idle" }
  | { state: "loading" }
  | { state: "error"; problem: Problem }
  | { state: "ready"; data: T; refreshing: boolean };

export type ResourceHandle<T> = Resource<T> & { reload: () => void };

type Outcome<T> = { ok: true; data: T } | { ok: false; problem: Problem };

interface Settled<T> {
  key: string;
  generation: string;
  outcome: Outcome<T>;
}

/** What to show, given the key asked for and the last answer received. */
export function resourceView<T>(key: string | null, generation: string, settled: Settled<T> | null): Resource<T> {
  if (key === null) return { state: "idle" };
  if (settled === null || settled.key !== key) return { state: "loading" };
  if (!settled.outcome.ok) {
    return settled.generation === generation ? { state: "error", problem: settled.outcome.problem } : { state: "loading" };
  }
  return { state: "ready", data: settled.outcome.data, refreshing: settled.generation !== generation };
}

/** Load `fetcher` whenever `key` changes; a null key means "nothing to load yet". A new key
 * shows "loading"; a reload, or a new `revision` from the caller, keeps the data while it
 * refreshes. */
export function useResource<T>(
  key: string | null,
  fetcher: (signal: AbortSignal) => Promise<T>,
  revision = 0,
): ResourceHandle<T> {
  const [reloads, setReloads] = useState(0);
  const generation = `${revision}.${reloads}`;
  const [settled, setSettled] = useState<Settled<T> | null>(null);

  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    const settle = (outcome: Outcome<T>) => {
      if (!controller.signal.aborted) setSettled({ key, generation, outcome });
    };
    fetcher(controller.signal).then(
      (data) => settle({ ok: true, data }),
      (error: unknown) => settle({ ok: false, problem: problemOf(error) }),
    );
    return () => controller.abort();
    // The fetcher is rebuilt on every render; the key names what it loads.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, generation]);

  const reload = useCallback(() => setReloads((value) => value + 1), []);
  return { ...resourceView(key, generation, settled), reload };
}
