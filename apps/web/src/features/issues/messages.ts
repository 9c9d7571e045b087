/** Messages of the ledger pages (zh-CN is the reference; en-US must have the same keys). */
export const ledgerZh = {} satisfies Record<string, string>;

export const ledgerEn: Record<keyof typeof ledgerZh, string> = {};
