/**
 * The architecture's boundaries are enforced by ESLint zones
 * (eslint.config.js); these tests cross each one on purpose and expect the
 * lint to fail, so a zone that silently stops matching is caught.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

/** The rule ids ESLint reports for `code` as if it were the file at `filePath`. */
async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

describe('import boundaries', () => {
  it.each([
    ['the UI reaching into the database', 'renderer/src/ui/households/probe.tsx', "import { openKitDatabase } from '../../db/database';"],
    ['the UI reaching into a kit module', 'renderer/src/ui/households/probe.tsx', "import { createKit } from '../../kit/kit';"],
    ['the UI reaching into the host', 'renderer/src/ui/shell/probe.tsx', "import { selectHost } from '../../host';"],
    ['the UI reaching into the sync transport', 'renderer/src/ui/sync/probe.tsx', "import { openScope } from '../../sync';"],
    ['the renderer importing the ledger service', 'renderer/src/kit/probe.ts', "import { Ledger } from '../../../ledger/service/ledger';"],
    ['shared/ importing the renderer', 'shared/probe.ts', "import { createKit } from '../renderer/src/kit/kit';"],
    ['the ledger importing Electron main', 'ledger/probe.ts', "import { startDesktopVault } from '../electron/main/desktop-vault';"],
  ])('fails on %s', async (_what, filePath, code) => {
    expect(await ruleIds(filePath, `${code}\nexport const probe = [${code.match(/\{ (\w+) \}/)![1]}];\n`)).toContain('import/no-restricted-paths');
  });

  it('lets the UI import the kit API, shared/ and the translations', async () => {
    const code = [
      "import type { KitApi } from '../../kit/api';",
      "import { parseInvitation } from '../../../../shared/team/invitation';",
      "import { errorText } from '../../i18n/codes';",
      "import { Field } from '../common/field';",
      'export const probe: [KitApi | undefined, unknown, unknown, unknown] = [undefined, parseInvitation, errorText, Field];',
    ].join('\n');
    expect(await ruleIds('renderer/src/ui/households/probe.tsx', code)).toEqual([]);
  });
});
