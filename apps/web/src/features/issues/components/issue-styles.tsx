/** Row and card highlighting of the ledger: overdue red, due soon amber (React 19 hoists and dedupes it). */
export function IssueStyles() {
  return (
    <style href="zd-issue-styles" precedence="default">{`
.zd-row-overdue > td { background: #fff1f0 !important; }
.zd-row-due-soon > td { background: #fffbe6 !important; }
.zd-card-overdue { border-inline-start: 4px solid #ff4d4f !important; }
.zd-card-due-soon { border-inline-start: 4px solid #faad14 !important; }
.zd-timeline-note { white-space: pre-wrap; word-break: break-word; }
`}</style>
  );
}
