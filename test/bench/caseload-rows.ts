/**
 * A caseload as a camp's registry would export it, for the benchmarks that
 * import one (search, caseload import): heads of household named from pools
 * of names in several scripts (Latin with accents, East African and Somali
 * names, Arabic, Cyrillic, Chinese, Ge'ez), so names share parts as a camp's
 * do and the kit's duplicate check meets what it would meet there; shelters
 * like `B7/114`, phones and proxies. Seeded: the same caseload every run.
 */
import { HOUSEHOLD_ID_RANDOM_BYTES, newHouseholdId } from '../../shared/household';
import type { BenchHousehold } from './search-page';

export type Script = 'latin' | 'east-african' | 'arabic' | 'cyrillic' | 'chinese' | 'geez';

const POOLS: Record<Script, { share: number; parts: readonly (readonly string[])[]; joiner: string }> = {
  latin: {
    share: 0.3,
    joiner: ' ',
    parts: [
      ('José María Joaquín Inés Ramón Lucía Sebastián Mónica François Hélène Jérôme Anaïs Zoë Noël João Conceição Gonçalo Ömer Şükrü Gül Çağla Ayşe Müge Élodie Agnès ' +
        'Benoît René Andrés Iñaki Begoña Araceli Héctor Raúl Verónica Álvaro Ángela Sofía Martín Tomás Adrián Rubén Maëlle Loïc Cécile Gaëlle Jesús Óscar Thị Minh Đức Quỳnh').split(' '),
      ('García Martínez Rodríguez Hernández López González Pérez Sánchez Ramírez Núñez Muñoz Peña Ibáñez Gonçalves Magalhães Simões Araújo Lefèvre Dupré Bénard Côté ' +
        'Béliveau Nguyễn Trần Lê Phạm Hoàng Đặng Bùi Çelik Şahin Yılmaz Öztürk Aydın Doğan Kılıç Arslan Gómez Díaz Cortés Suárez Jiménez Álvarez Domínguez Vázquez Ordóñez Báez Ríos').split(' '),
      ('Acuña Bermúdez Castañeda Dávila Echeverría Fernández Gutiérrez Iglesias Jáuregui Lázaro Márquez Narváez Olmedo Quiñones Sáenz Téllez Urías Valdés Zúñiga Ruíz ' +
        'Mérida Benítez Cárdenas Espíndola Galán Herrán Ortíz Pacheco Rosalía Solís').split(' '),
    ],
  },
  'east-african': {
    share: 0.22,
    joiner: ' ',
    parts: [
      ('Amina Fatuma Halima Abdi Abdullahi Mohamed Hassan Hussein Wanjiru Achieng Otieno Nyakato Deng Nyandeng Garang Akech Habimana Uwimana Niyonzima Mukamana Ayaan Hodan Sahra ' +
        'Khadija Maryan Ifrah Bashir Yusuf Omar Ibrahim Faduma Hawa Asha Zainab Nasra Ubah Deqa Idil Farhiya Sagal Mahad Liban Guled Abdikarim Abdirahman Mustafa Ismail Nuur').split(' '),
      ('Ali Farah Warsame Jama Abdirahman Aden Osman Ahmed Hersi Dahir Egal Gedi Hirsi Ibrahim Mohamud Nur Qasim Roble Samatar Shire Yusuf Abdalla Barre Dualeh Elmi Gure ' +
        'Hashi Isse Kahin Mire Noor Olad Raage Sheekh Tahir Ugas Wardhere Yasin Mohamed Hassan Hussein Abdullahi Salad Sugule Odowaa').split(' '),
      ('Ahmadzai Rahimi Karimi Noori Hamidi Habimana Niyonzima Hakizimana Mukamana Uwimana Nshimiyimana Nduwimana Ochieng Odhiambo Kamau Mwangi Njoroge Kiprono Chebet Wekesa ' +
        'Lokiru Ekiru Lomuria Nakiru Garang Deng Majok Kuol Akol Bol').split(' '),
    ],
  },
  arabic: {
    share: 0.25,
    joiner: ' ',
    parts: [
      ('محمد أحمد علي حسن حسين عمر يوسف إبراهيم خالد فاطمة عائشة زينب مريم خديجة آمنة نور ليلى سارة هدى رقية سلمى أسماء إيمان مصطفى محمود طارق سامي ياسر وليد هشام عادل كريم ' +
        'رامي مالك نبيل جميلة رنا دعاء منى مُحَمَّد فَاطِمَة إسراء آية بشرى حنان رحمة').split(' '),
      ('محمد أحمد علي حسن عبدالله خالد سعيد سليمان يعقوب قاسم منصور ناصر جابر عيسى موسى حيدر مرعي إسماعيل عثمان حمدان صالح جمال رشيد فيصل زكريا مصطفى إبراهيم يحيى أنور ' +
        'نزار بشير').split(' '),
      ('الحسن العلي الأحمد السعدي الخطيب النجار الحداد العبدالله الشامي المصري الحلبي الزعبي القاسم الرفاعي الجبوري التميمي الدوري العنزي الشمري الهاشمي البغدادي الكردي ' +
        'الأسعد حمدان عثمان سليمان يعقوب منصور ناصر جابر الدرويش الخياط الصباغ العطار').split(' '),
    ],
  },
  cyrillic: {
    share: 0.15,
    joiner: ' ',
    parts: [
      ('Олександр Андрій Дмитро Сергій Наталія Олена Ірина Юлія Тетяна Оксана Вікторія Іван Михайло Богдан Ярослав Анастасія Світлана Людмила Галина Василь Пётр Алёна Фёдор ' +
        'Артём Ксения Екатерина Николай Владимир Татьяна Елена Марія Катерина Софія Дарина Максим Євген Юрій Роман Віталій Надія').split(' '),
      ('Олександрович Андрійович Іванович Петрович Сергійович Михайлович Васильович Миколаївна Іванівна Петрівна Олександрівна Андріївна Сергіївна Василівна Фёдорович ' +
        'Николаевич Владимировна Юріївна Богданівна Романович Дмитрович Ярославівна Вікторович Євгенівна').split(' '),
      ('Шевченко Коваленко Бондаренко Ткаченко Кравченко Олійник Шевчук Коваль Поліщук Мельник Бойко Ткачук Савченко Руденко Мороз Лисенко Петренко Клименко Павленко Марченко ' +
        'Іваненко Кузьменко Федоренко Гончаренко Зайченко Литвиненко Ёлкин Иванов Смирнов Кузнецов Попов Соколов Лебедев Козлов Новиков Морозов Гриценко Дорошенко Яковенко').split(' '),
    ],
  },
  chinese: {
    share: 0.05,
    joiner: '',
    parts: [
      '王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 欧阳 司马'.split(' '),
      '小明 秀英 桂英 志强 建华 丽娟 海燕 明辉 晓东 雪梅 国强 玉兰 春花 德华 文杰 家豪 子涵 欣怡 浩然 梓萱 俊杰 佳怡 宇轩 思远 伟 芳 娜 敏 静 磊'.split(' '),
    ],
  },
  geez: {
    share: 0.03,
    joiner: ' ',
    parts: [
      'አበበ ተስፋዬ ብርሃኑ መሰረት ፀሐይ ሰላም ኃይሌ ዮሐንስ ማርታ ሄለን ፍሬሕይወት ዳዊት ሙሉጌታ ትዕግስት ሳባ ክብሮም ሚካኤል ብርቱካን'.split(' '),
      'ተክለ ወልደ ገብረመድህን ሀብተ በቀለ ደስታ ታደሰ ወልዱ አስፋው ግርማ ኪዳኔ መኮንን ሃይሉ ገብሩ ተወልደ'.split(' '),
    ],
  },
};
export const SCRIPTS = Object.keys(POOLS) as Script[];

/** mulberry32: the same caseload, queries and forms every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Row extends BenchHousehold {
  readonly script: Script;
  readonly sex: 'female' | 'male';
  readonly birthYear: number;
  readonly members: string;
}

export function generator(seed: number) {
  const random = prng(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(list: readonly T[]) => list[int(list.length)]!;
  const script = (): Script => {
    let r = random();
    for (const s of SCRIPTS) if ((r -= POOLS[s].share) < 0) return s;
    return 'latin';
  };
  const name = (s: Script) => POOLS[s].parts.map(pick).join(POOLS[s].joiner);
  const digits = (n: number) => Array.from({ length: n }, () => int(10)).join('');
  const phone = () => {
    const [cc, mobile] = pick([['254', '7'], ['256', '7'], ['961', '3'], ['962', '7'], ['380', '6'], ['249', '9']] as const);
    const rest = digits(8);
    return random() < 0.8 ? `+${cc} ${mobile}${rest.slice(0, 2)} ${rest.slice(2, 5)} ${rest.slice(5)}` : `00${cc}${mobile}${rest}`;
  };
  /** `B7/114` mostly, some `Z3-T45`; a new block (`blocks`) only the first kind. */
  const shelter = (blocks?: string) =>
    blocks !== undefined || random() < 0.85 ? `${pick([...(blocks ?? 'ABCDEFGH')])}${1 + int(20)}/${1 + int(400)}` : `Z${1 + int(9)}-T${1 + int(300)}`;
  const idBytes = () => Uint8Array.from({ length: HOUSEHOLD_ID_RANDOM_BYTES }, () => int(256));
  return {
    random,
    int,
    pick,
    name,
    phone,
    shelter,
    household(): Row {
      const s = script();
      const female = random() < 0.55;
      const children = int(6);
      return {
        id: newHouseholdId(idBytes()),
        script: s,
        names: [name(s), ...(random() < 0.3 ? [name(s)] : [])],
        sex: female ? 'female' : 'male',
        birthYear: 1940 + int(67),
        shelter: shelter(),
        ...(random() < 0.75 && { phone: phone() }),
        members: [`${female ? 'female' : 'male'}:18-59:1`, ...(children > 0 ? [`${pick(['female', 'male'])}:0-4:${children}`] : [])].join(';'),
      };
    },
  };
}

const CSV_HEADER = 'household_id,head_name,head_sex,head_birth_year,phone,shelter,members,vulnerabilities,proxies';
const csvField = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
export const toCsv = (rows: readonly Row[]) =>
  [CSV_HEADER, ...rows.map((r) => [r.id, r.names[0]!, r.sex, String(r.birthYear), r.phone ?? '', r.shelter, r.members, '', r.names.slice(1).join(';')].map(csvField).join(','))].join(
    '\n',
  );
