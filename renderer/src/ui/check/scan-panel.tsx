/**
 * Reading a ration card with the laptop's camera: frames are drawn to a
 * canvas and decoded with jsQR about 8 times a second. The camera is on only
 * while this panel is scanning; it stops on a read, on "Stop", when the
 * window is hidden and when the screen is left.
 */
import jsQR from 'jsqr';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../i18n/codes';

/** Frames decoded per second; enough to feel instant, light on an old laptop. */
export const DECODE_FPS = 8;
/** Frames are scaled down to this width before decoding (a card fills much of the frame). */
const DECODE_WIDTH = 640;

type CameraState = 'off' | 'starting' | 'on' | 'error';

function cameraErrorCode(cause: unknown): string {
  const name = cause instanceof DOMException || cause instanceof Error ? cause.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'camera-denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'camera-missing';
    case 'NotReadableError':
    case 'AbortError':
      return 'camera-busy';
    default:
      return 'camera-failed';
  }
}

export function ScanPanel({
  onDetected,
  aim,
}: {
  readonly onDetected: (text: string) => void;
  /** What to hold in front of the camera (default: the ration card). */
  readonly aim?: string | undefined;
}) {
  const { t } = useTranslation();
  const [state, setState] = useState<CameraState>('off');
  const [errorCode, setErrorCode] = useState<string>();
  const videoRef = useRef<HTMLVideoElement>(null);
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const timerRef = useRef<number | undefined>(undefined);
  const mounted = useRef(true);
  const detected = useRef(onDetected);

  useEffect(() => {
    detected.current = onDetected;
  }, [onDetected]);

  const release = useCallback(() => {
    if (timerRef.current !== undefined) window.clearInterval(timerRef.current);
    timerRef.current = undefined;
    streamRef.current?.getTracks().forEach((track) => track.stop());
    streamRef.current = null;
    const video = videoRef.current;
    if (video) {
      video.pause();
      video.srcObject = null;
    }
  }, []);

  const stop = useCallback(() => {
    release();
    if (mounted.current) setState('off');
  }, [release]);

  const tick = useCallback(() => {
    const video = videoRef.current;
    if (!video || video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || video.videoWidth === 0) return;
    const scale = Math.min(1, DECODE_WIDTH / video.videoWidth);
    const width = Math.max(1, Math.round(video.videoWidth * scale));
    const height = Math.max(1, Math.round(video.videoHeight * scale));
    const canvas = (canvasRef.current ??= document.createElement('canvas'));
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) return;
    context.drawImage(video, 0, 0, width, height);
    let text: string | undefined;
    try {
      text = jsQR(context.getImageData(0, 0, width, height).data, width, height, { inversionAttempts: 'dontInvert' })?.data;
    } catch {
      text = undefined; // a frame that trips the decoder is just skipped
    }
    if (text) {
      stop();
      detected.current(text);
    }
  }, [stop]);

  const start = useCallback(async () => {
    setErrorCode(undefined);
    if (!navigator.mediaDevices?.getUserMedia) {
      setErrorCode('camera-unavailable');
      setState('error');
      return;
    }
    setState('starting');
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: false });
    } catch (cause) {
      if (!mounted.current) return;
      setErrorCode(cameraErrorCode(cause));
      setState('error');
      return;
    }
    if (!mounted.current || !videoRef.current) {
      stream.getTracks().forEach((track) => track.stop());
      return;
    }
    streamRef.current = stream;
    const video = videoRef.current;
    video.srcObject = stream;
    try {
      await video.play();
    } catch {
      // autoplay of a muted inline video is allowed; if not, frames still arrive once it plays
    }
    if (!mounted.current || streamRef.current !== stream) return;
    setState('on');
    timerRef.current = window.setInterval(tick, Math.round(1000 / DECODE_FPS));
  }, [tick]);

  useEffect(() => {
    mounted.current = true;
    const onHidden = () => {
      if (document.hidden && streamRef.current) stop();
    };
    document.addEventListener('visibilitychange', onHidden);
    return () => {
      mounted.current = false;
      document.removeEventListener('visibilitychange', onHidden);
      release();
    };
  }, [release, stop]);

  const live = state === 'on' || state === 'starting';
  return (
    <section className="subpanel scan-panel" data-testid="camera" data-state={state} aria-labelledby="camera-title">
      <h3 id="camera-title">{t('camera.title')}</h3>
      <div className={live ? 'camera-view' : 'camera-view camera-view-off'}>
        <video ref={videoRef} className="camera-video" data-testid="camera-video" muted playsInline aria-label={t('camera.preview')} />
      </div>
      {state === 'on' && <p className="field-hint">{aim ?? t('camera.aim')}</p>}
      {state === 'error' && errorCode && (
        <p className="notice notice-error" role="alert" data-testid="camera-error" data-code={errorCode}>
          {errorText(errorCode)}
        </p>
      )}
      <div className="actions">
        {live ? (
          <button type="button" className="button" data-testid="camera-stop" onClick={stop}>
            {t('camera.stop')}
          </button>
        ) : (
          <button type="button" className="button" data-testid="camera-start" onClick={() => void start()}>
            {t('camera.start')}
          </button>
        )}
      </div>
    </section>
  );
}
