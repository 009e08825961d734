/**
 * The human text of the reports in the six UN languages (issue 16): sheet
 * names, column headers, and the few words a report writes in its cells
 * (modality, a card's state, whether a record was opened, the head's sex,
 * vulnerabilities). Pure data: the builders (./distribution.ts,
 * ./stock.ts, ./households.ts) take a language's labels, English by default.
 *
 * What is never translated:
 * - the HXL hashtag row: it is the machine-readable row, the same in every
 *   language, so a tool reads a French file as it reads an English one;
 * - codes: round ids, site codes, item codes, units, currencies, household
 *   ids, dates (ISO), numbers, and text people typed (names, shelters,
 *   proxies' relations);
 * - file names (ASCII codes and dates, ../../renderer/src/kit/reports/files.ts,
 *   ../../ledger/service/reports.ts).
 *
 * The words follow the apps' translations (renderer/src/i18n/*.json,
 * hq/console/i18n/*.json): ménage / الأسرة / hogar / домохозяйство / 住户
 * for household, remise / تسليم / entrega / выдача / 发放 for a handout,
 * cycle / الجولة / ronda / цикл / 轮次 for a round, site / الموقع / sitio /
 * площадка / 站点, stock / المخزون / existencias / запасы / 库存.
 *
 * English cell words are the words the reports have always written
 * (`in-kind`, `issued`, `sealed-elsewhere`, `female`, `single-parent`), so
 * an English file reads exactly as before and a tool matching them keeps
 * working; the other languages write words.
 */
import type { UnLanguage } from '../languages';

/** Every column of every report, by key (the HXL tag goes with the column in the builders). */
export interface ColumnLabels {
  // Distribution
  readonly round: string;
  readonly date: string;
  readonly site: string;
  readonly siteName: string;
  readonly modality: string;
  readonly item: string;
  readonly unit: string;
  readonly quantity: string;
  readonly cashAmount: string;
  readonly currency: string;
  readonly handouts: string;
  readonly householdsReached: string;
  readonly peopleReached: string;
  // Stock
  readonly asOf: string;
  readonly received: string;
  readonly returned: string;
  readonly handedOut: string;
  readonly left: string;
  // Household list
  readonly household: string;
  readonly enrolled: string;
  readonly size: string;
  readonly card: string;
  readonly cardValidUntil: string;
  readonly record: string;
  readonly head: string;
  readonly headSex: string;
  readonly headBirthYear: string;
  readonly phone: string;
  readonly shelter: string;
  readonly females: string;
  readonly males: string;
  readonly vulnerabilities: string;
  readonly proxies: string;
}

export type ColumnKey = keyof ColumnLabels;

export interface ReportLabels {
  /** Sheet names (Excel: at most 31 characters, none of : \ / ? * [ ]). */
  readonly sheets: { readonly distribution: string; readonly stock: string; readonly households: string };
  readonly columns: ColumnLabels;
  readonly modality: { readonly 'in-kind': string; readonly cash: string };
  /** A ration card's state in the household list. */
  readonly card: { readonly none: string; readonly issued: string; readonly expired: string };
  /** Whether this laptop could open a household's record. */
  readonly record: { readonly opened: string; readonly 'sealed-elsewhere': string };
  /** The head's sex (shared/household `HEAD_SEXES`); another code is written as it is. */
  readonly sex: { readonly female: string; readonly male: string; readonly other: string };
  /** shared/household `VULNERABILITIES`; another code is written as it is. */
  readonly vulnerabilities: {
    readonly 'pregnant-lactating': string;
    readonly disability: string;
    readonly 'chronic-illness': string;
    readonly 'elderly-alone': string;
    readonly 'child-headed': string;
    readonly 'single-parent': string;
  };
}

const en = {
  sheets: { distribution: 'Distribution', stock: 'Stock', households: 'Households' },
  columns: {
    round: 'Round',
    date: 'Date',
    site: 'Site',
    siteName: 'Site name',
    modality: 'Modality',
    item: 'Item',
    unit: 'Unit',
    quantity: 'Quantity',
    cashAmount: 'Cash amount',
    currency: 'Currency',
    handouts: 'Handouts',
    householdsReached: 'Households reached',
    peopleReached: 'People reached',
    asOf: 'As of',
    received: 'Received',
    returned: 'Returned',
    handedOut: 'Handed out',
    left: 'Left',
    household: 'Household',
    enrolled: 'Enrolled',
    size: 'Size',
    card: 'Card',
    cardValidUntil: 'Card valid until',
    record: 'Record',
    head: 'Head of household',
    headSex: 'Sex of the head',
    headBirthYear: 'Year of birth of the head',
    phone: 'Phone',
    shelter: 'Shelter',
    females: 'Females',
    males: 'Males',
    vulnerabilities: 'Vulnerabilities',
    proxies: 'Proxies',
  },
  modality: { 'in-kind': 'in-kind', cash: 'cash' },
  card: { none: 'none', issued: 'issued', expired: 'expired' },
  record: { opened: 'opened', 'sealed-elsewhere': 'sealed-elsewhere' },
  sex: { female: 'female', male: 'male', other: 'other' },
  vulnerabilities: {
    'pregnant-lactating': 'pregnant-lactating',
    disability: 'disability',
    'chronic-illness': 'chronic-illness',
    'elderly-alone': 'elderly-alone',
    'child-headed': 'child-headed',
    'single-parent': 'single-parent',
  },
} as const satisfies ReportLabels;

const fr: ReportLabels = {
  sheets: { distribution: 'Distribution', stock: 'Stock', households: 'Ménages' },
  columns: {
    round: 'Cycle',
    date: 'Date',
    site: 'Site',
    siteName: 'Nom du site',
    modality: 'Modalité',
    item: 'Article',
    unit: 'Unité',
    quantity: 'Quantité',
    cashAmount: 'Montant en espèces',
    currency: 'Devise',
    handouts: 'Remises',
    householdsReached: 'Ménages atteints',
    peopleReached: 'Personnes atteintes',
    asOf: 'Situation au',
    received: 'Reçu',
    returned: 'Retourné',
    handedOut: 'Remis',
    left: 'Restant',
    household: 'Ménage',
    enrolled: 'Date d’enregistrement',
    size: 'Taille',
    card: 'Carte',
    cardValidUntil: 'Carte valide jusqu’au',
    record: 'Fiche',
    head: 'Chef de ménage',
    headSex: 'Sexe du chef de ménage',
    headBirthYear: 'Année de naissance du chef de ménage',
    phone: 'Téléphone',
    shelter: 'Abri',
    females: 'Femmes et filles',
    males: 'Hommes et garçons',
    vulnerabilities: 'Vulnérabilités',
    proxies: 'Mandataires',
  },
  modality: { 'in-kind': 'en nature', cash: 'espèces' },
  card: { none: 'aucune', issued: 'émise', expired: 'expirée' },
  record: { opened: 'ouverte', 'sealed-elsewhere': 'scellée sur un autre ordinateur' },
  sex: { female: 'Femme', male: 'Homme', other: 'Autre' },
  vulnerabilities: {
    'pregnant-lactating': 'Femme enceinte ou allaitante',
    disability: 'Personne en situation de handicap',
    'chronic-illness': 'Maladie chronique',
    'elderly-alone': 'Personne âgée vivant seule',
    'child-headed': 'Ménage dirigé par un enfant',
    'single-parent': 'Parent seul',
  },
};

const ar: ReportLabels = {
  sheets: { distribution: 'التوزيع', stock: 'المخزون', households: 'الأسر' },
  columns: {
    round: 'الجولة',
    date: 'التاريخ',
    site: 'الموقع',
    siteName: 'اسم الموقع',
    modality: 'طريقة المساعدة',
    item: 'الصنف',
    unit: 'الوحدة',
    quantity: 'الكمية',
    cashAmount: 'المبلغ النقدي',
    currency: 'العملة',
    handouts: 'عمليات التسليم',
    householdsReached: 'الأسر المستفيدة',
    peopleReached: 'الأشخاص المستفيدون',
    asOf: 'حتى تاريخ',
    received: 'المستلَم',
    returned: 'المُعاد',
    handedOut: 'المسلَّم',
    left: 'المتبقي',
    household: 'الأسرة',
    enrolled: 'تاريخ التسجيل',
    size: 'الحجم',
    card: 'البطاقة',
    cardValidUntil: 'البطاقة صالحة حتى',
    record: 'السجل',
    head: 'ربّ الأسرة',
    headSex: 'جنس ربّ الأسرة',
    headBirthYear: 'سنة ميلاد ربّ الأسرة',
    phone: 'الهاتف',
    shelter: 'المأوى',
    females: 'الإناث',
    males: 'الذكور',
    vulnerabilities: 'أوجه الضعف',
    proxies: 'المستلمون بالوكالة',
  },
  modality: { 'in-kind': 'عيني', cash: 'نقدي' },
  card: { none: 'لا توجد', issued: 'صادرة', expired: 'منتهية الصلاحية' },
  record: { opened: 'مفتوح', 'sealed-elsewhere': 'مختوم على حاسوب آخر' },
  sex: { female: 'أنثى', male: 'ذكر', other: 'آخر' },
  vulnerabilities: {
    'pregnant-lactating': 'امرأة حامل أو مرضع',
    disability: 'شخص من ذوي الإعاقة',
    'chronic-illness': 'مرض مزمن',
    'elderly-alone': 'مسنّ يعيش بمفرده',
    'child-headed': 'أسرة يعيلها طفل',
    'single-parent': 'والد أو والدة وحيدة',
  },
};

const es: ReportLabels = {
  sheets: { distribution: 'Distribución', stock: 'Existencias', households: 'Hogares' },
  columns: {
    round: 'Ronda',
    date: 'Fecha',
    site: 'Sitio',
    siteName: 'Nombre del sitio',
    modality: 'Modalidad',
    item: 'Artículo',
    unit: 'Unidad',
    quantity: 'Cantidad',
    cashAmount: 'Monto en efectivo',
    currency: 'Moneda',
    handouts: 'Entregas',
    householdsReached: 'Hogares alcanzados',
    peopleReached: 'Personas alcanzadas',
    asOf: 'A fecha de',
    received: 'Recibido',
    returned: 'Devuelto',
    handedOut: 'Entregado',
    left: 'Restante',
    household: 'Hogar',
    enrolled: 'Fecha de inscripción',
    size: 'Tamaño',
    card: 'Tarjeta',
    cardValidUntil: 'Tarjeta válida hasta',
    record: 'Registro',
    head: 'Jefe/a de hogar',
    headSex: 'Sexo del jefe/a de hogar',
    headBirthYear: 'Año de nacimiento del jefe/a de hogar',
    phone: 'Teléfono',
    shelter: 'Refugio',
    females: 'Mujeres y niñas',
    males: 'Hombres y niños',
    vulnerabilities: 'Vulnerabilidades',
    proxies: 'Representantes',
  },
  modality: { 'in-kind': 'en especie', cash: 'efectivo' },
  card: { none: 'ninguna', issued: 'emitida', expired: 'vencida' },
  record: { opened: 'abierto', 'sealed-elsewhere': 'cifrado en otra computadora' },
  sex: { female: 'Mujer', male: 'Hombre', other: 'Otro' },
  vulnerabilities: {
    'pregnant-lactating': 'Mujer embarazada o lactante',
    disability: 'Persona con discapacidad',
    'chronic-illness': 'Enfermedad crónica',
    'elderly-alone': 'Persona mayor que vive sola',
    'child-headed': 'Hogar encabezado por un niño o niña',
    'single-parent': 'Hogar monoparental',
  },
};

const ru: ReportLabels = {
  sheets: { distribution: 'Распределение', stock: 'Запасы', households: 'Домохозяйства' },
  columns: {
    round: 'Цикл',
    date: 'Дата',
    site: 'Площадка',
    siteName: 'Название площадки',
    modality: 'Форма помощи',
    item: 'Позиция',
    unit: 'Единица',
    quantity: 'Количество',
    cashAmount: 'Сумма наличными',
    currency: 'Валюта',
    handouts: 'Выдачи',
    householdsReached: 'Охвачено домохозяйств',
    peopleReached: 'Охвачено людей',
    asOf: 'По состоянию на',
    received: 'Получено',
    returned: 'Возвращено',
    handedOut: 'Выдано',
    left: 'Остаток',
    household: 'Домохозяйство',
    enrolled: 'Дата регистрации',
    size: 'Размер',
    card: 'Карточка',
    cardValidUntil: 'Карточка действительна до',
    record: 'Запись',
    head: 'Глава домохозяйства',
    headSex: 'Пол главы домохозяйства',
    headBirthYear: 'Год рождения главы домохозяйства',
    phone: 'Телефон',
    shelter: 'Жилище',
    females: 'Женщины и девочки',
    males: 'Мужчины и мальчики',
    vulnerabilities: 'Факторы уязвимости',
    proxies: 'Доверенные лица',
  },
  modality: { 'in-kind': 'в натуральной форме', cash: 'наличные' },
  card: { none: 'нет', issued: 'оформлена', expired: 'истекла' },
  record: { opened: 'открыта', 'sealed-elsewhere': 'запечатана на другом ноутбуке' },
  sex: { female: 'Женский', male: 'Мужской', other: 'Другой' },
  vulnerabilities: {
    'pregnant-lactating': 'Беременная или кормящая женщина',
    disability: 'Человек с инвалидностью',
    'chronic-illness': 'Хроническое заболевание',
    'elderly-alone': 'Одиноко проживающий пожилой человек',
    'child-headed': 'Домохозяйство, возглавляемое ребёнком',
    'single-parent': 'Одинокий родитель',
  },
};

const zh: ReportLabels = {
  sheets: { distribution: '发放', stock: '库存', households: '住户' },
  columns: {
    round: '轮次',
    date: '日期',
    site: '站点',
    siteName: '站点名称',
    modality: '援助方式',
    item: '物品',
    unit: '单位',
    quantity: '数量',
    cashAmount: '现金金额',
    currency: '币种',
    handouts: '发放次数',
    householdsReached: '受益住户数',
    peopleReached: '受益人数',
    asOf: '截至日期',
    received: '已接收',
    returned: '已退回',
    handedOut: '已发放',
    left: '结余',
    household: '住户',
    enrolled: '登记日期',
    size: '人数',
    card: '配给卡',
    cardValidUntil: '配给卡有效期至',
    record: '记录',
    head: '户主',
    headSex: '户主性别',
    headBirthYear: '户主出生年份',
    phone: '电话',
    shelter: '住所',
    females: '女性人数',
    males: '男性人数',
    vulnerabilities: '脆弱性',
    proxies: '代领人',
  },
  modality: { 'in-kind': '实物', cash: '现金' },
  card: { none: '无', issued: '已签发', expired: '已过期' },
  record: { opened: '已打开', 'sealed-elsewhere': '在另一台电脑上加密封存' },
  sex: { female: '女', male: '男', other: '其他' },
  vulnerabilities: {
    'pregnant-lactating': '孕妇或哺乳期妇女',
    disability: '残疾人',
    'chronic-illness': '慢性病患者',
    'elderly-alone': '独居老人',
    'child-headed': '儿童为户主的住户',
    'single-parent': '单亲家长',
  },
};

export const REPORT_LABELS: Readonly<Record<UnLanguage, ReportLabels>> = { en, fr, ar, es, ru, zh };

/** The reports' labels in `language`. */
export const reportLabels = (language: UnLanguage): ReportLabels => REPORT_LABELS[language];

/** English: what a builder writes when given no labels (its words as literal types, for the English column lists' types). */
export const ENGLISH_LABELS = en;

/** A cell word from one of the labels' groups, or the code itself when the group has no word for it (a code from a newer record). */
export function wordFor<G extends Readonly<Record<string, string>>>(group: G, code: string): string {
  return Object.hasOwn(group, code) ? group[code as keyof G]! : code;
}

/** A column as a builder defines it: its label's key and its HXL hashtag. */
export type ColumnSpec = readonly [key: ColumnKey, hxl: string];

/** Columns with their headers in `labels`' language, each beside its hashtag (the hashtags never change). */
export const labelColumns = (specs: readonly ColumnSpec[], labels: ReportLabels): (readonly [header: string, hxl: string])[] =>
  specs.map(([key, hxl]) => [labels.columns[key], hxl] as const);

/** `specs` with their English headers, typed as the literal pairs (`readonly ['Round', '#activity+code']`, …). */
export type EnglishColumns<S extends readonly ColumnSpec[]> = { readonly [I in keyof S]: S[I] extends readonly [infer K extends ColumnKey, infer T] ? readonly [(typeof en)['columns'][K], T] : never };

/** The English columns of `specs`, with their literal types. */
export const englishColumns = <const S extends readonly ColumnSpec[]>(specs: S): EnglishColumns<S> => labelColumns(specs, en) as unknown as EnglishColumns<S>;
