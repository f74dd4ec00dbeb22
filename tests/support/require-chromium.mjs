// Runs before `npm test`: browser tests are part of the suite, so a missing Chromium is a failure.
import { existsSync } from "node:fs";

const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(path)) {
  console.error(`找不到 Chromium（${path}），浏览器测试无法运行。
Chromium is required for the browser tests. Install it with:

    sudo apt-get install -y chromium

or set CHROMIUM_PATH to an existing Chromium binary.`);
  process.exit(1);
}
