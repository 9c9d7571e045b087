/**
 * Messages of the key-project pages, kept by sub-domain under ./i18n. zh-CN is the reference; en-US must have the same keys.
 */
import { investmentEn, investmentZh } from "./i18n/investment-messages";
import { projectEn, projectZh } from "./i18n/project-messages";

export const projectsZh = { ...projectZh, ...investmentZh };

export const projectsEn: Record<keyof typeof projectsZh, string> = { ...projectEn, ...investmentEn };
