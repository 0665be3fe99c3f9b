import { type ReactNode, useId } from "react";

/** A titled section; its heading names it for assistive technology. */
export function Panel({ title, children, className, aside }: { title: string; children: ReactNode; className?: string; aside?: ReactNode }) {
  const headingId = useId();
  return (
    <section className={`panel ${className ?? ""}`} aria-labelledby={headingId}>
      <div className="panel-head">
        <h2 id={headingId}>{title}</h2>
        {aside}
      </div>
      {children}
    </section>
  );
}
