/** Messages of the projects pages (zh-CN is the reference; en-US must have the same keys). */
export const projectsZh = {} satisfies Record<string, string>;

export const projectsEn: Record<keyof typeof projectsZh, string> = {};
