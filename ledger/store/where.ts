/**
 * The WHERE clause of a list query built from its optional filters, with
 * the arguments in placeholder order: `?` for SQLite, `$n` for PostgreSQL.
 * Values only ever travel as parameters; clauses are the store's own SQL.
 */
export class Where {
  readonly args: unknown[] = [];
  readonly #clauses: string[] = [];
  readonly #placeholder: (position: number) => string;

  private constructor(placeholder: (position: number) => string) {
    this.#placeholder = placeholder;
  }

  static sqlite(): Where {
    return new Where(() => '?');
  }

  static postgres(): Where {
    return new Where((n) => `$${n}`);
  }

  /** Adds `value` as the next argument; returns its placeholder. */
  param(value: unknown): string {
    this.args.push(value);
    return this.#placeholder(this.args.length);
  }

  and(clause: string): this {
    this.#clauses.push(clause);
    return this;
  }

  /** `column = value`, when the filter is given. */
  equal(column: string, value: string | undefined): this {
    return value === undefined ? this : this.and(`${column} = ${this.param(value)}`);
  }

  sql(): string {
    return this.#clauses.length === 0 ? '' : `WHERE ${this.#clauses.join(' AND ')}`;
  }
}
