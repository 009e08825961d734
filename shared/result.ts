/**
 * The one result envelope of the project: IPC answers, verifiers and parsers
 * all return it. Exceptions are for bugs; expected failures (bad input, a
 * forged signature) are values with a stable machine `code` and a message a
 * person can act on.
 */
export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err<C extends string = string> = {
  readonly ok: false;
  readonly code: C;
  readonly message: string;
};
export type Result<T, C extends string = string> = Ok<T> | Err<C>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = <C extends string>(code: C, message: string): Err<C> => ({
  ok: false,
  code,
  message,
});
