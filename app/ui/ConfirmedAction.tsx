/**
 * An action that asks twice (取消受理, 上架 / 下架, 停用): the button opens a small panel (a
 * <details>, so it works without scripts) whose form carries a "确认…" checkbox the server requires
 * (`confirm=yes`, see CONFIRM_MESSAGE) before it acts.
 */
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";

export function ConfirmedAction({
  label,
  question,
  intent,
  fields,
  tone = "danger",
  accessibleName,
  summaryClassName,
}: {
  /** The action as its button says it: "停用". */
  label: string;
  /** What ticking the box agrees to: "停用后该账号立即退出登录". */
  question: ReactNode;
  intent: string;
  /** Hidden fields the action needs besides the intent. */
  fields: Record<string, string | number>;
  tone?: "danger" | "primary";
  /** The button's name for a screen reader when the row names what it acts on: "停用 张三". */
  accessibleName?: string;
  summaryClassName?: string;
}) {
  const buttonClass = `button button--small ${tone === "danger" ? "button--danger" : ""}`;
  return (
    <details className="confirm-action">
      <summary className={summaryClassName ?? buttonClass} aria-label={accessibleName}>
        {label}
      </summary>
      <Form method="post" className="confirm-action__body">
        {Object.entries(fields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <label>
          <input type="checkbox" name="confirm" value="yes" required /> {question}
        </label>
        <button type="submit" name="intent" value={intent} className={buttonClass}>
          确认{label}
        </button>
      </Form>
    </details>
  );
}
