/**
 * Prints the page, and only once what it prints is ready (every QR code
 * drawn): no card leaves the printer with a blank code.
 */
export function PrintButton({
  label,
  ready,
  testId,
  onPrinted,
}: {
  readonly label: string;
  readonly ready: boolean;
  readonly testId: string;
  /** After the print dialog closes, printed or cancelled. */
  readonly onPrinted?: () => void;
}) {
  return (
    <button
      type="button"
      className="button button-primary button-large"
      data-testid={testId}
      disabled={!ready}
      onClick={() => {
        window.print();
        onPrinted?.();
      }}
    >
      {label}
    </button>
  );
}
