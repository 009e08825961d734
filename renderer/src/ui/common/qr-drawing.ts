/**
 * Drawing a QR code on a canvas (error correction M, the standard quiet zone,
 * black on white), again whenever its text changes; the answer says whether
 * it is drawn yet, or could not be.
 */
import QRCode from 'qrcode';
import { useEffect, useRef, useState, type RefObject } from 'react';

export type QrDrawState = 'drawing' | 'ready' | 'error';

/** For the canvas to draw on (./qr-canvas.tsx), and how far the drawing is. */
export interface QrDrawing {
  readonly canvasRef: RefObject<HTMLCanvasElement | null>;
  readonly state: QrDrawState;
}

export function useQrDrawing(
  text: string | undefined,
  /** 'alphanumeric' for a ration card's `AT1:` + Base45; 'byte' for text outside that alphabet. */
  mode: 'alphanumeric' | 'byte',
  width: number,
): QrDrawing {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<QrDrawState>('drawing');

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || text === undefined) return;
    let live = true;
    setState('drawing');
    const segment = mode === 'byte' ? { data: new TextEncoder().encode(text), mode } : { data: text, mode };
    QRCode.toCanvas(canvas, [segment], {
      errorCorrectionLevel: 'M',
      margin: 4,
      width,
      color: { dark: '#000000ff', light: '#ffffffff' },
    }).then(
      () => {
        if (live) setState('ready');
      },
      (cause: unknown) => {
        console.error('aidtrail: the QR code could not be drawn', cause);
        if (live) setState('error');
      },
    );
    return () => {
      live = false;
    };
  }, [text, mode, width]);

  return { canvasRef, state };
}
