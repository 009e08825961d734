/** Saving a report the kit made, and the line that says it was saved. */
import i18next from 'i18next';
import type { ReportFile, ReportFormat } from '../../kit/api';
import { downloadBytes } from '../common/download';
import { formatNumber, isolate } from '../common/format';

export const saveReport = (file: ReportFile): void => downloadBytes(file.bytes, file.fileName, file.mimeType);

export const savedText = (file: ReportFile): string => i18next.t('reports.saved', { file: isolate(file.fileName), rows: formatNumber(file.rows) });

export const formatOptions = (): { value: ReportFormat; label: string }[] => [
  { value: 'csv', label: i18next.t('reports.csv') },
  { value: 'xlsx', label: i18next.t('reports.xlsx') },
];
