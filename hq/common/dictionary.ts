/**
 * The one way HQ's apps turn a string key into text: each app keeps every
 * string it shows in its own dictionary module (console/strings.ts,
 * donors/strings.ts), English for now, so that a translation is another
 * dictionary of the same keys. `{name}` in a string is replaced by the
 * parameter of that name.
 */
export type Params = Readonly<Record<string, string | number>>;

export function translator<K extends string>(dictionary: Readonly<Record<K, string>>): (key: K, params?: Params) => string {
  return (key, params = {}) => dictionary[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
