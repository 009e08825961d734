/**
 * The canvas a QR code is drawn on (`useQrDrawing`): an image to screen
 * readers, named by `label`; `data-state` says whether it is drawn yet.
 */
import type { QrDrawing } from './qr-drawing';

export function QrCanvas({
  drawing,
  className,
  testId,
  label,
  text,
}: {
  readonly drawing: QrDrawing;
  readonly className: string;
  readonly testId: string;
  readonly label: string;
  /** Set as `data-qr-text`, for tests to read what a card carries; left off for a secret. */
  readonly text?: string;
}) {
  return (
    <canvas
      ref={drawing.canvasRef}
      className={className}
      data-testid={testId}
      data-state={drawing.state}
      data-qr-text={text}
      role="img"
      aria-label={label}
    />
  );
}
