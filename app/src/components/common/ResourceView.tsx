import type { ReactNode } from "react";
import type { ResourceHandle } from "../../api/useResource";
import { ProblemMessage } from "./ProblemMessage";

interface ResourceViewProps<T> {
  resource: ResourceHandle<T>;
  /** What is loading, for the loading and error lines ("the mapping"). */
  what: string;
  /** Whether the loaded data counts as empty, and what to say then. */
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}

/** Loading, error, empty and ready states of one resource, the same way everywhere. */
export function ResourceView<T>({ resource, what, isEmpty, empty, children }: ResourceViewProps<T>) {
  switch (resource.state) {
    case "idle":
      return null;
    case "loading":
      return (
        <p className="loading" role="status">
          Loading {what}…
        </p>
      );
    case "error":
      return <ProblemMessage problem={resource.problem} context={`Could not load ${what}`} onRetry={resource.reload} />;
    case "ready":
      if (isEmpty?.(resource.data)) return <div className="empty">{empty ?? `No ${what}.`}</div>;
      return (
        <div className="resource" aria-busy={resource.refreshing}>
          {children(resource.data)}
        </div>
      );
  }
}
