/** A user's account state as a tag, and the button that flips it. */
import { Form } from "@remix-run/react";
import { ConfirmedAction } from "./ConfirmedAction";
import { StatusTag } from "./StatusTag";

export function UserStatusTag({ disabledAt }: { disabledAt: number | null }) {
  return disabledAt === null ? <StatusTag tone="ok">正常</StatusTag> : <StatusTag tone="danger">已停用</StatusTag>;
}

export function UserStatusButton({ userId, disabledAt, label }: { userId: string; disabledAt: number | null; label: string }) {
  const disabling = disabledAt === null;
  if (disabling) {
    return (
      <ConfirmedAction
        label="停用"
        accessibleName={`停用 ${label}`}
        question="确认停用：该账号立即退出登录，且无法再登录"
        intent="disable"
        fields={{ userId }}
      />
    );
  }
  return (
    <Form method="post" style={{ display: "inline" }}>
      <input type="hidden" name="userId" value={userId} />
      <button
        type="submit"
        name="intent"
        value={disabling ? "disable" : "enable"}
        className={`button button--small ${disabling ? "button--danger" : "button--secondary"}`}
        aria-label={`${disabling ? "停用" : "恢复"} ${label}`}
      >
        {disabling ? "停用" : "恢复"}
      </button>
    </Form>
  );
}
