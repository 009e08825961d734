/**
 * Saving bytes the renderer made (a sync file) as a download: a Blob URL on
 * an `<a download>` clicked once, then revoked. No fetch and no new window,
 * so the Content-Security-Policy needs nothing for it; in Electron it is an
 * ordinary download (a save dialog unless main handles `will-download`).
 */
export function downloadBytes(bytes: Uint8Array, fileName: string, type = 'application/octet-stream'): void {
  // A copy into a fresh ArrayBuffer: the Blob must not see later writes to a shared buffer.
  const blob = new Blob([bytes.slice()], { type });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // The download has taken the blob by the next tasks; revoking frees it.
    window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}

/** A file name part from free text: letters and digits of any script, dashes for the rest. */
export function fileNamePart(text: string, max = 40): string {
  const cleaned = text
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max);
  return cleaned || 'device';
}
