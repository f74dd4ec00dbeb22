/** A working-day deadline; one counted across days the calendar does not cover says it is an estimate. */
import { formatDateTime } from "~/lib/time";
import { PROVISIONAL_DEADLINE_TEXT } from "~/lib/working-days";

export { deadlineText } from "~/lib/working-days";

export function DeadlineText({ at, provisional }: { at: number; provisional: boolean }) {
  return (
    <>
      {formatDateTime(at)}
      {provisional ? (
        <span className="muted" title="工作日历尚未录入该年度的节假日安排，期限按周一至周五推算">
          （{PROVISIONAL_DEADLINE_TEXT}）
        </span>
      ) : null}
    </>
  );
}
