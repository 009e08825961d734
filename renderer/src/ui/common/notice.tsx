/**
 * The outcome line of a form or an action: an error (read out at once, role
 * alert) or a confirmation (role status). Nothing is drawn without a message.
 */
export function ErrorNotice({
  message,
  testId,
  code,
}: {
  readonly message: string | undefined;
  readonly testId?: string;
  /** The machine code behind the message, for tests. */
  readonly code?: string | undefined;
}) {
  if (!message) return null;
  return (
    <p className="notice notice-error" role="alert" data-testid={testId} data-code={code}>
      {message}
    </p>
  );
}

export function DoneNotice({ message, testId }: { readonly message: string | undefined; readonly testId: string }) {
  if (!message) return null;
  return (
    <p className="notice notice-ok" role="status" data-testid={testId}>
      {message}
    </p>
  );
}
