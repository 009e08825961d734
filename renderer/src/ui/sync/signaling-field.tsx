/**
 * The team lead's signaling address as typed (Sync screen, team invitation);
 * ./address.ts checks and normalises it.
 */
import type { ReactNode } from 'react';
import { TextField } from '../common/text-field';

/** Room for `wss://` and the 200 characters address.ts allows after it. */
const MAX_CHARS = 210;

export function SignalingField({
  label,
  hint,
  error,
  required = false,
  disabled = false,
  testId,
  value,
  onChange,
}: {
  readonly label: ReactNode;
  readonly hint: ReactNode;
  readonly error: string | undefined;
  readonly required?: boolean;
  readonly disabled?: boolean;
  readonly testId: string;
  readonly value: string;
  readonly onChange: (text: string) => void;
}) {
  return (
    <TextField
      label={label}
      hint={hint}
      error={error}
      required={required}
      className="grow"
      code
      inputMode="url"
      maxLength={MAX_CHARS}
      placeholder="ws://192.168.1.10:4444"
      disabled={disabled}
      testId={testId}
      value={value}
      onChange={onChange}
    />
  );
}
