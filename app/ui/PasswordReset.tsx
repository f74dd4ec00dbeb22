/** 重置密码 on the user lists: the button, and the one-time link it answers with (shown once, never again). */
import { Form } from "@remix-run/react";
import { RESET_LINK_TTL_HOURS } from "~/domain/recovery";
import { formatDateTime } from "~/lib/time";

export type IssuedResetLink = { url: string; expiresAt: number; displayName: string; username: string };

export function ResetPasswordButton({ userId, label }: { userId: string; label: string }) {
  return (
    <Form method="post" style={{ display: "inline" }}>
      <input type="hidden" name="userId" value={userId} />
      <button type="submit" name="intent" value="reset" className="button button--small button--secondary" aria-label={`重置密码 ${label}`}>
        重置密码
      </button>
    </Form>
  );
}

export function ResetLinkNotice({ link }: { link: IssuedResetLink }) {
  return (
    <div className="notice notice--ok reset-link" role="status">
      <p>
        已为 {link.displayName}（{link.username}）发放一次性重置链接。其原密码和所有登录已立即失效。
      </p>
      <p>
        请当面或通过电话等可靠渠道交给本人，<strong>此链接只显示这一次</strong>，{RESET_LINK_TTL_HOURS} 小时内（
        {formatDateTime(link.expiresAt)}
        前）有效，使用一次即作废：
      </p>
      <p>
        <textarea
          className="reset-link__url"
          readOnly
          rows={3}
          value={link.url}
          aria-label="一次性重置链接"
          onFocus={(e) => e.currentTarget.select()}
        />
      </p>
    </div>
  );
}
