/**
 * Sneakernet: export every event of this device to a `.aidsync` file (a USB
 * stick carries it), import one made elsewhere. The import goes through the
 * kit's verification event by event (`kit.importSyncFile`), with progress,
 * and says what it stored, what was already here and what it rejected.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../i18n/codes';
import { downloadBytes, fileNamePart } from '../common/download';
import { FilePicker } from '../common/file-picker';
import { WorkProgress } from '../common/work-progress';
import { formatNumber, isolate } from '../common/format';
import { useKit } from '../kit-context';
import { useSession } from '../session-context';

/** Compressed size refused before reading (the import also bounds what it inflates). */
export const MAX_SYNC_FILE_BYTES = 128 * 1024 * 1024;
export const SYNC_FILE_EXTENSION = '.aidsync';

type ExportState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'working' }
  | { readonly kind: 'done'; readonly file: string; readonly events: number }
  | { readonly kind: 'failed' };

type ImportState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running'; readonly file: string; readonly done: number; readonly total: number }
  | { readonly kind: 'done'; readonly file: string; readonly stored: number; readonly duplicates: number; readonly quarantined: number }
  /** `too-large` is this screen's own refusal; the others are the kit's codes (or `internal` for a bug). */
  | { readonly kind: 'failed'; readonly code: string };

/** `aidtrail-camp-north-Laptop-3-20261124-0931.aidsync` (UTC time). */
export function syncFileName(site: string, deviceLabel: string, now: Date): string {
  const stamp = now.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return `aidtrail-${fileNamePart(site)}-${fileNamePart(deviceLabel)}-${stamp}${SYNC_FILE_EXTENSION}`;
}

export function SyncFilePanel({ onImported }: { readonly onImported?: () => void }) {
  const { t } = useTranslation();
  const kit = useKit();
  const { profile } = useSession();
  const titleId = useId();
  const [exportState, setExportState] = useState<ExportState>({ kind: 'idle' });
  const [importState, setImportState] = useState<ImportState>({ kind: 'idle' });

  const runExport = async () => {
    if (exportState.kind === 'working') return;
    setExportState({ kind: 'working' });
    try {
      // Counted before the export, which holds every event stored by then: at least this many.
      const events = (await kit.eventEntries()).length;
      const bytes = await kit.exportSyncFile();
      const file = syncFileName(profile.site, profile.deviceLabel, new Date());
      downloadBytes(bytes, file, 'application/gzip');
      setExportState({ kind: 'done', file, events });
    } catch (cause) {
      console.error('aidtrail: the sync file could not be written', cause);
      setExportState({ kind: 'failed' });
    }
  };

  const runImport = async (file: File) => {
    if (file.size > MAX_SYNC_FILE_BYTES) {
      setImportState({ kind: 'failed', code: 'too-large' });
      return;
    }
    setImportState({ kind: 'running', file: file.name, done: 0, total: 0 });
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const result = await kit.importSyncFile(bytes, 'file', (done, total) =>
        setImportState({ kind: 'running', file: file.name, done, total }),
      );
      if (result.ok) {
        setImportState({ kind: 'done', file: file.name, ...result.value });
        onImported?.();
      } else {
        console.warn(`aidtrail: sync file refused: ${result.message}`);
        setImportState({ kind: 'failed', code: result.code });
      }
    } catch (cause) {
      console.error('aidtrail: the sync file import failed', cause);
      setImportState({ kind: 'failed', code: 'internal' });
    }
  };

  // `too-large` is this screen's own refusal (the generic text of that code is about day closes).
  const importFailureText = (code: string): string =>
    code === 'too-large' ? t('syncFile.tooLarge', { max: formatNumber(MAX_SYNC_FILE_BYTES / 1024 / 1024) }) : errorText(code);

  return (
    <section className="panel" aria-labelledby={titleId} data-testid="sync-file" data-state={importState.kind}>
      <h3 id={titleId}>{t('syncFile.title')}</h3>
      <p className="field-hint">{t('syncFile.intro')}</p>

      <div className="two-col">
        <div className="subpanel" data-testid="sync-export-panel" data-state={exportState.kind}>
          <h4>{t('syncFile.exportTitle')}</h4>
          <p className="field-hint">{t('syncFile.exportHint')}</p>
          <div className="actions">
            <button
              type="button"
              className="button button-primary"
              data-testid="sync-export"
              disabled={exportState.kind === 'working'}
              onClick={() => void runExport()}
            >
              {exportState.kind === 'working' ? t('syncFile.exporting') : t('syncFile.export')}
            </button>
          </div>
          {exportState.kind === 'done' && (
            <p className="notice notice-ok" role="status" data-testid="sync-export-result" data-events={exportState.events} data-file={exportState.file}>
              {t('syncFile.exported', { file: isolate(exportState.file), count: exportState.events, n: formatNumber(exportState.events) })}
            </p>
          )}
          {exportState.kind === 'failed' && (
            <p className="notice notice-error" role="alert" data-testid="sync-export-error">
              {errorText('internal')}
            </p>
          )}
        </div>

        <div className="subpanel">
          <h4>{t('syncFile.importTitle')}</h4>
          <FilePicker
            label={t('syncFile.import')}
            accept={`${SYNC_FILE_EXTENSION},.gz,application/gzip`}
            testId="sync-import-file"
            busy={importState.kind === 'running'}
            onFile={runImport}
          />
          {importState.kind === 'running' && (
            <WorkProgress
              text={t('syncFile.importing', { file: isolate(importState.file, 'firstStrong') })}
              label={t('syncFile.progress')}
              testId="sync-import-progress"
              done={importState.done}
              total={importState.total}
              count={t('syncFile.progressCount', { done: formatNumber(importState.done), total: formatNumber(importState.total) })}
            />
          )}
          {importState.kind === 'failed' && (
            <p className="notice notice-error" role="alert" data-testid="sync-import-error" data-code={importState.code}>
              {importFailureText(importState.code)}
            </p>
          )}
          {importState.kind === 'done' && (
            <div
              className={importState.quarantined > 0 ? 'notice notice-warn' : 'notice notice-ok'}
              role="status"
              data-testid="sync-import-result"
              data-stored={importState.stored}
              data-duplicates={importState.duplicates}
              data-quarantined={importState.quarantined}
            >
              <p>
                {t('syncFile.imported', {
                  file: isolate(importState.file, 'firstStrong'),
                  stored: formatNumber(importState.stored),
                  duplicates: formatNumber(importState.duplicates),
                  quarantined: formatNumber(importState.quarantined),
                })}
              </p>
              {importState.quarantined > 0 && <p>{t('syncFile.quarantinedHint')}</p>}
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
