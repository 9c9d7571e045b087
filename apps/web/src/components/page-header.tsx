import type { ReactNode } from "react";

/** A page title with its actions; wraps on narrow screens. */
export function PageHeader({ title, extra }: { title: ReactNode; extra?: ReactNode }) {
  return (
    <div className="zd-page-header">
      <h1>{title}</h1>
      {extra && <div style={{ display: "flex", flexWrap: "wrap", gap: 8 }}>{extra}</div>}
    </div>
  );
}
