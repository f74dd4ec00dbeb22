/** The help hotline; while it is the unconfigured default, it says so. */
export function Hotline({ hotline }: { hotline: { number: string; isDefault: boolean } }) {
  return (
    <p className="hotline">
      服务热线：
      <a href={`tel:${hotline.number.replace(/[^0-9+]/g, "")}`}>
        <strong>{hotline.number}</strong>
      </a>
      {hotline.isDefault ? <span className="muted">（默认号码：苏州 12345 政务服务便民热线，平台运营方尚未另行设置）</span> : null}
      <span className="muted"> · 工作日 9:00–17:00</span>
    </p>
  );
}
