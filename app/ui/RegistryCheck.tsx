import type { RegistryCheck } from "~/domain/accounts";
import { REGISTRY_DIFFERENCE_LABELS } from "~/domain/accounts";
import type { RegistryCheckView } from "~/services/registry-checks.server";
import { StatusTag, type Tone } from "./StatusTag";

const REGISTRY_CHECK_TONES: Record<RegistryCheck, Tone> = {
  matched: "ok",
  not_held: "neutral",
  mismatch: "danger",
  deregistered: "danger",
  revoked: "danger",
};

/** 登记信息核验 as a tag: the word, coloured by how much it matters. */
export function RegistryCheckTag({ view }: { view: RegistryCheckView }) {
  return <StatusTag tone={REGISTRY_CHECK_TONES[view.check]}>{view.label}</StatusTag>;
}

/** The registry's record beside the tag ("登记名称 … · 法定代表人 … · 登记状态 …"), and what differs; nothing when none is held. */
export function RegistryRecordText({ view }: { view: RegistryCheckView }) {
  if (!view.record) return null;
  return (
    <span className="muted">
      登记名称 {view.record.name} · 法定代表人 {view.record.legalRepName} · 登记状态 {view.record.statusLabel}
      {view.differences.length > 0 ? ` · 不一致：${view.differences.map((d) => REGISTRY_DIFFERENCE_LABELS[d]).join("、")}` : ""}
    </span>
  );
}

/**
 * Tag and record together, as one cell or one term's value. `recordOnlyIfDifferent`: a matched firm's
 * record repeats its own name and legal representative, so a reader's page (the bank's) shows the tag alone.
 */
export function RegistryCheckSummary({
  view,
  recordOnlyIfDifferent = false,
}: {
  view: RegistryCheckView;
  recordOnlyIfDifferent?: boolean;
}) {
  const showRecord = !(recordOnlyIfDifferent && view.check === "matched");
  return (
    <span className="registry-check">
      <RegistryCheckTag view={view} />
      {showRecord ? (
        <>
          {" "}
          <RegistryRecordText view={view} />
        </>
      ) : null}
    </span>
  );
}
