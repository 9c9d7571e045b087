import { hash, verify } from "@node-rs/argon2";
import { passwordRules } from "@zonedesk/contracts";
import { AppError } from "../../lib/errors.js";
import { commonPasswords } from "./common-passwords.js";

// argon2id (the @node-rs/argon2 default algorithm) with OWASP's minimum cost: m=19 MiB, t=2, p=1.
const argonOptions = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, argonOptions);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash nobody's password matches, verified on unknown usernames so timing does not reveal them. */
export const decoyHash = hash("zonedesk-decoy-password", argonOptions);

/** Reasons the password breaks the rules (8+ characters, 3 of 4 classes, not common, not the username). */
export function passwordProblems(password: string, username?: string): string[] {
  const problems: string[] = [];
  if (password.length < passwordRules.minLength) problems.push(`至少${passwordRules.minLength}位`);
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (classes < passwordRules.minClasses) problems.push("须包含大写字母、小写字母、数字、符号中的至少三类");
  if (commonPasswords.has(password.toLowerCase())) problems.push("是常见弱密码");
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push("不能包含用户名");
  return problems;
}

export function assertStrongPassword(password: string, username: string | undefined, field: string): void {
  const problems = passwordProblems(password, username);
  if (problems.length > 0) {
    throw new AppError("PASSWORD_TOO_WEAK", `密码不符合要求：${problems.join("；")}`, {
      details: { issues: [{ path: field, message: `密码不符合要求：${problems.join("；")}` }] },
    });
  }
}
