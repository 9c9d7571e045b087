import path from "node:path";
import { z } from "zod";

const flag = z
  .enum(["0", "1", "true", "false", ""])
  .optional()
  .transform((v) => v === "1" || v === "true");

const configSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATA_DIR: z.string().default("./data"),
  DATABASE_URL: z.string().url().optional(),
  DEMO: z.enum(["0", "1"]).default("1"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  LOCKOUT_THRESHOLD: z.coerce.number().int().min(1).max(100).default(5),
  LOCKOUT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  SIGN_IN_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(30),
  PASSWORD_MAX_AGE_DAYS: z.coerce.number().int().min(0).max(3650).default(90),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(180, "审计日志至少保留180天").default(365),
  TRUST_PROXY: flag,
  COOKIE_SECURE: z.enum(["auto", "always", "never"]).default("auto"),
  UPLOAD_MAX_MB: z.coerce.number().min(1).max(500).default(30),
  UPLOAD_MAX_UNPACKED_MB: z.coerce.number().min(1).max(4000).default(400),
  UPLOAD_MAX_ENTRIES: z.coerce.number().int().min(10).max(100000).default(2000),
  WEB_DIST: z.string().optional(),
  /** 企业微信群机器人 webhook; without it outbound notices go to the server log. */
  WECOM_WEBHOOK_URL: z.preprocess((v) => (v === "" ? undefined : v), z.url().optional()),
  WECOM_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(5000),
  /** How often the issue deadline check (due soon, overdue → 自动督办) runs. */
  ISSUE_DEADLINE_CHECK_MINUTES: z.coerce.number().min(0.1).max(1440).default(5),
  /** How often queued outbound notices are sent. */
  OUTBOX_DRAIN_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
});

export type Config = z.infer<typeof configSchema> & { dataDir: string };

/** Reads the environment once; a wrong value stops start-up with the variable's name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`环境变量有误 / invalid environment:\n${lines.join("\n")}`);
  }
  const config = { ...parsed.data, ...overrides };
  return { ...config, dataDir: path.resolve(config.DATA_DIR) };
}
