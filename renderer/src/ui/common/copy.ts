/**
 * Copying text to the clipboard. The async Clipboard API first; where it is
 * refused (Electron denies every permission but the scanner's camera, which
 * covers `clipboard-sanitized-write`), the selected text of a form field is
 * copied with execCommand inside the same click.
 */
export async function copyText(text: string, field?: HTMLTextAreaElement | HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // fall through to the selection
  }
  if (!field) return false;
  field.focus();
  field.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}
