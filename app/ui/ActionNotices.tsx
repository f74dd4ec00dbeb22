/** What an action answered: a confirmation (status) and/or a refusal (alert), announced to screen readers. */
export function ActionNotices({ notice, error }: { notice?: string; error?: string }) {
  return (
    <>
      {notice ? (
        <p className="notice notice--ok" role="status">
          {notice}
        </p>
      ) : null}
      {error ? (
        <p className="notice notice--danger" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}
