/**
 * Sync files in the e2e tests, the way a person carries them on a USB stick:
 * exported from one laptop's Sync screen (a download), imported on another's
 * through the file field. Also reads a file's events and writes a file of
 * chosen events, in the format of renderer/src/kit/sync/sync-file.ts.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { SYNC_FILE_HEADER } from '../../renderer/src/kit/sync/sync-file';
import type { SignedEvent } from '../../shared/events';
import { expect } from './fixtures';

/** Opens the Sync screen afresh, so an earlier import's result is not mistaken for the next one's. */
async function freshSyncScreen(page: Page): Promise<void> {
  await page.getByTestId('nav-check').click();
  await page.getByTestId('check-screen').waitFor();
  await page.getByTestId('nav-sync').click();
  await page.getByTestId('sync-screen').waitFor();
}

/** Exports every event of the laptop on `page` into `dir`; the file's path. */
export async function exportSyncFile(page: Page, dir: string, name: string): Promise<string> {
  await freshSyncScreen(page);
  const download = page.waitForEvent('download');
  await page.getByTestId('sync-export').click();
  const path = join(dir, name);
  await (await download).saveAs(path);
  await expect(page.getByTestId('sync-export-result')).toBeVisible();
  return path;
}

export interface ImportCounts {
  readonly stored: number;
  readonly duplicates: number;
  readonly quarantined: number;
}

/** Imports a sync file (a path, or bytes named `name`) on the laptop on `page`; what it stored, already had and rejected. */
export async function importSyncFile(page: Page, file: string | { name: string; buffer: Buffer }): Promise<ImportCounts> {
  await freshSyncScreen(page);
  const input = page.getByTestId('sync-import-file');
  await (typeof file === 'string' ? input.setInputFiles(file) : input.setInputFiles({ ...file, mimeType: 'application/gzip' }));
  const result = page.getByTestId('sync-import-result');
  await expect(result).toBeVisible({ timeout: 60_000 });
  const count = async (name: string) => Number(await result.getAttribute(`data-${name}`));
  return { stored: await count('stored'), duplicates: await count('duplicates'), quarantined: await count('quarantined') };
}

/** A sync file's events, as they travel (canonical texts, parsed). */
export function readSyncFile(bytes: Buffer): { readonly text: string; readonly event: SignedEvent }[] {
  const lines = gunzipSync(bytes).toString('utf8').split('\n').filter((line) => line !== '');
  expect(lines[0]).toBe(SYNC_FILE_HEADER);
  return lines.slice(1).map((text) => ({ text, event: JSON.parse(text) as SignedEvent }));
}

/** A sync file carrying exactly these canonical event texts. */
export const syncFileOf = (texts: readonly string[]): Buffer => gzipSync(Buffer.from([SYNC_FILE_HEADER, ...texts].join('\n') + '\n', 'utf8'));
