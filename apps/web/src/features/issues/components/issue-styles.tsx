/** Row and card highlighting of the ledger: overdue red, due soon amber (React 19 hoists and dedupes it). */
export function IssueStyles() {
  return (
    <style href="zd-issue-styles" precedence="default">{`
.zd-row-overdue > td { background: #fff1f0 !important; }
.zd-row-due-soon > td { background: #fffbe6 !important; }
.zd-card-overdue { border-inline-start: 4px solid #ff4d4f !important; }
.zd-card-due-soon { border-inline-start: 4px solid #faad14 !important; }
.zd-timeline-note { white-space: pre-wrap; word-break: break-word; }
.zd-issue-card { position: relative; }
.zd-card-link { color: inherit; font-weight: 600; }
.zd-card-link::after { content: ""; position: absolute; inset: 0; }
.zd-card-link:focus-visible { outline: none; }
.zd-card-link:focus-visible::after { outline: 2px solid #1677ff; outline-offset: -2px; border-radius: 8px; }
.zd-card-footer { position: relative; z-index: 1; }
.zd-card-footer:empty { display: none; }
`}</style>
  );
}
