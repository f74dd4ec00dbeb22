/**
 * `npm run admin:create -- --username NAME [--display-name 姓名]` creates an administrator for a
 * real deployment. The password is asked for at a hidden prompt, or read from the first line of
 * standard input when that is not a terminal; it is never taken as a flag (flags land in shell history).
 */
import { Command } from "commander";
import password from "@inquirer/password";
import * as v from "valibot";
import { PASSWORD_RULE_TEXT } from "~/lib/password-policy";
import { requiredText, usernameField } from "~/lib/validation/fields";
import { issuesToFieldErrors } from "~/lib/forms";
import { bootstrapAdmin } from "~/services/accounts.server";
import { databasePathFromEnv } from "~db/connection";
import { openMigratedDatabase } from "~db/migrate";

const program = new Command()
  .name("npm run admin:create --")
  .description("创建系统管理员账号（密码通过提示输入或标准输入读取）")
  .requiredOption("--username <name>", "登录用户名")
  .option("--display-name <name>", "姓名", "系统管理员")
  .option("--database <path>", "数据库文件", databasePathFromEnv())
  .parse();

const parsed = v.safeParse(
  v.object({ username: usernameField, displayName: requiredText("姓名", 30, 2), database: v.string() }),
  program.opts(),
);
if (!parsed.success) {
  for (const [field, message] of Object.entries(issuesToFieldErrors(parsed.issues))) console.error(`${field}: ${message}`);
  process.exit(2);
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    let input = "";
    for await (const chunk of process.stdin) input += chunk;
    return input.split(/\r?\n/)[0] ?? "";
  }
  console.log(`密码要求：${PASSWORD_RULE_TEXT}`);
  const first = await password({ message: "密码", mask: "*" });
  const second = await password({ message: "再次输入密码", mask: "*" });
  if (first !== second) {
    console.error("两次输入的密码不一致");
    process.exit(2);
  }
  return first;
}

const db = openMigratedDatabase(parsed.output.database);
const outcome = await bootstrapAdmin(
  db,
  { username: parsed.output.username, displayName: parsed.output.displayName, password: await readPassword() },
  Date.now(),
);
db.$client.close();
if (!outcome.ok) {
  for (const message of Object.values(outcome.fieldErrors)) console.error(message);
  process.exit(1);
}
console.log(`已创建系统管理员 ${parsed.output.username}`);
