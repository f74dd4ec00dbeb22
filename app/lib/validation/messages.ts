/**
 * Any schema without its own message still answers in Chinese: a missing field (a hostile or broken
 * client can leave one out) or a value of the wrong kind. Every schema module imports this for its
 * effect, so the setting holds whichever module is loaded first.
 */
import * as v from "valibot";

v.setGlobalMessage((issue) => (issue.received === "undefined" ? "请填写此项" : "格式不正确"), "zh-CN");
v.setGlobalConfig({ lang: "zh-CN" });
