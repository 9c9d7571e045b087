import { z } from "zod";

// Messages of zod's own checks (a missing field, a wrong type) in Chinese, for fields without a message of their own.
z.config(z.locales.zhCN());

export const idSchema = z.uuid();
export const idParamsSchema = z.object({ id: z.uuid() });

/** Dates travel as YYYY-MM-DD strings. */
export const dateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "日期格式应为 YYYY-MM-DD", abort: true })
  .refine(
    (s) => {
      const date = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(s);
    },
    { message: "不是有效的日期", abort: true },
  )
  .refine((s) => s >= "1900-01-01" && s <= "2100-12-31", "日期应在 1900 年至 2100 年之间");

/** Money travels as a decimal string in yuan (numeric in the database), never a float. */
export const moneySchema = z
  .string()
  .regex(/^\d{1,16}(\.\d{1,2})?$/, "金额应为不小于0的数字，最多两位小数（单位：元）");

export const paginationQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

export interface Page<T> {
  data: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const okSchema = z.object({ ok: z.literal(true) });

/** A comma-separated query parameter (?tags=a,b) or repeated parameter, as a list. */
export const listParam = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) =>
    v === undefined
      ? undefined
      : (Array.isArray(v) ? v : v.split(",")).map((s) => s.trim()).filter((s) => s.length > 0),
  );
