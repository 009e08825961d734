/**
 * Importing a file (a caseload CSV, a sync file): the file field, emptied
 * after each import so the same file can be picked again (its progress:
 * ./work-progress.tsx).
 */
import { useId, useRef } from 'react';

export function FilePicker({
  label,
  accept,
  testId,
  busy,
  onFile,
}: {
  readonly label: string;
  readonly accept: string;
  readonly testId: string;
  /** An import runs: no second file meanwhile. */
  readonly busy: boolean;
  readonly onFile: (file: File) => Promise<void>;
}) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        ref={inputRef}
        id={id}
        className="input input-file"
        type="file"
        accept={accept}
        data-testid={testId}
        disabled={busy}
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (!file) return;
          void onFile(file).finally(() => {
            if (inputRef.current) inputRef.current.value = '';
          });
        }}
      />
    </div>
  );
}
