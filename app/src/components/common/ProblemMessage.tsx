import type { Problem } from "../../api/problem";

interface ProblemMessageProps {
  problem: Problem;
  /** What failed, e.g. "Could not load the import". */
  context?: string;
  /** Extra lines the problem carries (e.g. a refused revert's conflicts). */
  items?: string[];
  onRetry?: () => void;
}

/** A failed request: the problem's `detail`, what was being done, and a retry when it helps. */
export function ProblemMessage({ problem, context, items = [], onRetry }: ProblemMessageProps) {
  return (
    <div className="problem" role="alert">
      <p className="problem-title">
        {context ? `${context}: ` : ""}
        <span>{problem.detail}</span>
      </p>
      {items.length > 0 && (
        <ul className="problem-items">
          {items.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      )}
      <p className="problem-meta">
        {problem.status > 0 ? `HTTP ${problem.status} · ${problem.title}` : problem.title}
        {onRetry && (
          <button type="button" className="link-button" onClick={onRetry}>
            Try again
          </button>
        )}
      </p>
    </div>
  );
}
