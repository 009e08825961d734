/**
 * Every screen in each of the six UN languages (issue 16), in Debian
 * Chromium on one fresh persistent profile per language: the language is
 * picked on the first-run form, then the test walks setup, check, the
 * households tabs and a household's page, tally, reports, sync, ledger,
 * reconcile and its tabs, settings and the lock screen in sequence. On each
 * it fails on an i18n key shown raw and on English left on a non-English
 * screen, and keeps a screenshot in test-results/languages/<lang>/<screen>.png.
 * Waits are on the app's own state (test ids, data-state, <html lang>, the
 * fonts' loading), never on time.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { fillEnrolment, fillNewSite, finishSetup, freshProfile, openProfile, submitEnrolment } from './kit-steps';

const LANGUAGES = ['en', 'fr', 'ar', 'es', 'ru', 'zh'] as const;
type Language = (typeof LANGUAGES)[number];

type Tree = { readonly [key: string]: string | Tree };
const flatten = (tree: Tree, prefix = ''): Map<string, string> =>
  new Map(Object.entries(tree).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return typeof value === 'string' ? [[path, value] as const] : [...flatten(value, path)];
  }));
const messages = (language: Language): Map<string, string> =>
  flatten(JSON.parse(readFileSync(new URL(`../../renderer/src/i18n/${language}.json`, import.meta.url), 'utf8')) as Tree);
const english = messages('en');

/** What the test types in: people's and places' names, the same in every language. */
const TYPED = { site: 'Camp North', device: 'Lead laptop', lead: 'Amina', head: 'Zawadi Mwangi', shelter: 'E2/17', pin: '2468' };

/**
 * Latin words allowed on an Arabic, Russian or Chinese screen: the product,
 * file formats and standards a screen names as they are (HXL, CSV, XLSX, QR,
 * PIN, IATI, CDN, UTC, UTF, USB), units, the Enter key, the columns a CSV must have,
 * the languages' own names in the switcher, and what the test typed.
 */
const LATIN_ALLOWED = new Set([
  'Aidtrail', 'HQ', 'PIN', 'HXL', 'CSV', 'XLSX', 'Excel', 'QR', 'IATI', 'ISO', 'CDN', 'UTC', 'UTF', 'USB', 'did', 'key', 'kg', 'Enter', 'English', 'Français', 'Español',
  'shelter', 'members', // columns of the caseload CSV (head_name, head_sex, shelter, members): the file's, not words
  ...Object.values(TYPED).flatMap((text) => text.split(/\W+/)),
  'camp', 'north', // the site's code, typed as camp-north
]);

/** Words that are English and neither French nor Spanish: one of them on a French or Spanish screen is English left over. */
const ENGLISH_MARKERS = new Set(['the', 'and', 'with', 'this', 'your', 'you', 'of', 'is', 'are', 'not', 'from', 'for', 'have', 'will', 'been', 'which']);

/** An English message as a pattern over a whole text: `Saved {{file}}.` matches `Saved anything.`. */
const englishPatterns = (language: Language): RegExp[] => {
  const translation = messages(language);
  return [...english]
    .filter(([key, text]) => translation.get(key) !== text && /[A-Za-z]{3,}/.test(text.replace(/\{\{[^}]*\}\}/g, '')))
    .map(([, text]) => new RegExp(`^${text.split(/\{\{[^}]*\}\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+')}$`));
};

/**
 * Every text a person can see or hear on the page: visible text nodes
 * (options included), and labels, placeholders and titles. Text inside an
 * element marked lang="en" is English on purpose and says so to screen
 * readers (a household's history shows the kit's own English details) and
 * is left out on the other languages' screens.
 */
async function textsOf(page: Page, skipEnglish: boolean): Promise<string[]> {
  return page.evaluate((skip) => {
    const out: string[] = [];
    const english = (element: Element): boolean => skip && element.closest('[lang="en"]') !== null;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      const text = node.nodeValue?.trim();
      if (!text || !parent || parent.closest('script, style') || english(parent)) continue;
      const shown = parent.closest('option') ? parent.closest('select')?.checkVisibility() : parent.checkVisibility();
      if (shown) out.push(text);
    }
    for (const element of Array.from(document.body.querySelectorAll('[aria-label], [placeholder], [title], [alt]'))) {
      if (!element.checkVisibility() || english(element)) continue;
      for (const name of ['aria-label', 'placeholder', 'title', 'alt']) {
        const value = element.getAttribute(name)?.trim();
        if (value) out.push(value);
      }
    }
    return out;
  }, skipEnglish);
}

/**
 * What is not words: ids, keys and dates (tokens with a digit), a did:key,
 * CAPS-AND-HYPHENS codes, HXL hashtags (#item+code), addresses (https://…),
 * file extensions (.aidsync) and column names (head_name).
 */
const withoutIds = (text: string): string =>
  text
    .replace(/did:key:\S+|https?:\/\/\S+|#[\w+]+|(?<!\w)\.\w+|\w+_\w+/g, ' ')
    .replace(/\S*\d\S*/g, ' ')
    .replace(/\b[A-Z0-9]{2,}(?:-[A-Z0-9]+)+\b/g, ' ');

function problemsOf(language: Language, texts: readonly string[], patterns: readonly RegExp[]): string[] {
  const problems: string[] = [];
  for (const raw of texts) {
    const text = raw.replace(/[\u2066-\u2069]/g, '');
    if (/^[a-z]+(\.[a-zA-Z0-9-]+)+$/.test(text) && !/\.(csv|xlsx|json)$/.test(text)) problems.push(`raw key: ${text}`);
    if (language === 'en') continue;
    if (patterns.some((pattern) => pattern.test(text))) problems.push(`English: ${text}`);
    const words = withoutIds(text).match(/\p{Script=Latin}+/gu) ?? [];
    const english =
      language === 'fr' || language === 'es'
        ? words.filter((word) => ENGLISH_MARKERS.has(word.toLowerCase()))
        : words.filter((word) => word.length >= 3 && !LATIN_ALLOWED.has(word));
    if (english.length > 0) problems.push(`English words ${english.join(' ')}: ${text}`);
  }
  return [...new Set(problems)];
}

/** The screen's content is in: no "Loading…" left in the main area, the fonts it uses loaded. */
async function settled(page: Page, loading: string): Promise<void> {
  await expect(page.locator('main').getByText(loading, { exact: true })).toHaveCount(0);
  // Laying the page out first makes the browser ask for the font subsets its characters need; then wait for them.
  await page.evaluate(async () => {
    void document.body.getBoundingClientRect();
    await document.fonts.ready;
  });
}

interface Visit {
  readonly name: string;
  /** Gets there and waits for the screen's own ready state. */
  readonly go: (page: Page) => Promise<void>;
}

const navTo = (screen: string, ready: (page: Page) => Promise<void>) => async (page: Page) => {
  await page.getByTestId(`nav-${screen}`).click();
  await ready(page);
};
const tabOf = (screen: 'households' | 'reconcile', tab: string) => async (page: Page) => {
  await page.getByTestId(`${screen}-tab-${tab}`).click();
  await expect(page.getByTestId(screen === 'households' ? 'households-screen' : 'reconcile')).toHaveAttribute('data-tab', tab);
};

/** The screens after set-up, in the order visited; the household's page needs the id enrolled on the way. */
const visits = (household: () => string): readonly Visit[] => [
  { name: 'check', go: navTo('check', (page) => page.getByTestId('check-screen').waitFor()) },
  { name: 'households-enrol', go: async (page) => { await page.getByTestId('nav-households').click(); await tabOf('households', 'enrol')(page); } },
  { name: 'households-import', go: tabOf('households', 'import') },
  { name: 'households-list', go: tabOf('households', 'list') },
  { name: 'households-cards', go: tabOf('households', 'cards') },
  {
    name: 'household',
    go: async (page) => {
      await page.getByTestId('households-tab-list').click();
      await page.getByTestId(`households-open-${household()}`).click();
      await expect(page.getByTestId('household-page')).toHaveAttribute('data-state', 'ready');
    },
  },
  { name: 'tally', go: navTo('tally', (page) => expect(page.getByTestId('tally')).toHaveAttribute('data-state', 'ready')) },
  { name: 'reports', go: navTo('reports', (page) => page.getByTestId('reports').waitFor()) },
  { name: 'sync', go: navTo('sync', (page) => page.getByTestId('sync-screen').waitFor()) },
  { name: 'ledger', go: navTo('ledger', (page) => page.getByTestId('ledger-screen').waitFor()) },
  { name: 'reconcile-conflicts', go: navTo('reconcile', (page) => expect(page.getByTestId('reconcile')).toHaveAttribute('data-state', 'ready')) },
  ...['gaps', 'stock', 'quarantine', 'day'].map((tab) => ({ name: `reconcile-${tab}`, go: tabOf('reconcile', tab) })),
  { name: 'settings', go: navTo('settings', (page) => page.getByTestId('settings-screen').waitFor()) },
  { name: 'lock', go: async (page) => { await page.getByTestId('lock-button').click(); await page.getByTestId('lock-form').waitFor(); } },
];

for (const language of LANGUAGES) {
  test(`every screen in ${language}: no raw key, no English left, a screenshot each`, async ({ baseURL }) => {
    const shots = join('test-results', 'languages', language);
    mkdirSync(shots, { recursive: true });
    const loading = messages(language).get('common.loading') ?? '';
    const patterns = englishPatterns(language);
    const problems: string[] = [];
    const visit = async (page: Page, name: string): Promise<void> => {
      await settled(page, loading);
      problems.push(...problemsOf(language, await textsOf(page, language !== 'en'), patterns).map((problem) => `${name}: ${problem}`));
      await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
    };

    const { context, page } = await openProfile(freshProfile(`aidtrail-lang-${language}-`));
    try {
      await page.goto(baseURL!);
      await page.getByTestId('setup-form').waitFor();
      await page.getByTestId('language-switcher').selectOption(language);
      await expect(page.locator('html')).toHaveAttribute('dir', language === 'ar' ? 'rtl' : 'ltr');
      await expect(page.locator('html')).toHaveAttribute('lang', language === 'zh' ? 'zh-Hans' : language);
      await visit(page, 'setup');

      await fillNewSite(page);
      await finishSetup(page, { label: TYPED.device, lead: TYPED.lead, pin: TYPED.pin });
      // A household, so the list, its page and the check screen have something to show.
      await page.getByTestId('nav-households').click();
      await page.getByTestId('households-tab-enrol').click();
      await fillEnrolment(page, { head: TYPED.head, shelter: TYPED.shelter, boys: '2' });
      const household = await submitEnrolment(page);

      for (const screen of visits(() => household)) {
        await screen.go(page);
        await visit(page, screen.name);
      }
    } finally {
      await context.close();
    }
    expect(problems).toEqual([]);
  });
}
