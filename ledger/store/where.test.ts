import { describe, expect, it } from 'vitest';
import { Where } from './where';

describe('Where', () => {
  it('numbers PostgreSQL parameters in the order the arguments are added, the given filters only', () => {
    const where = Where.postgres();
    where.and(`leaf > ${where.param(-1)}`).equal('round', undefined).equal('site', 'camp-a').equal('device', 'did:key:z6Mk');
    where.and(`type = ANY(${where.param(['plan'])}::text[])`);
    expect(`${where.sql()} LIMIT ${where.param(10)}`).toBe('WHERE leaf > $1 AND site = $2 AND device = $3 AND type = ANY($4::text[]) LIMIT $5');
    expect(where.args).toEqual([-1, 'camp-a', 'did:key:z6Mk', ['plan'], 10]);
  });

  it('has no WHERE without a filter, and SQLite placeholders are all "?"', () => {
    const where = Where.sqlite().equal('device', undefined);
    expect(where.sql()).toBe('');
    where.equal('site', 'camp-a');
    expect([where.sql(), where.param(5), where.args]).toEqual(['WHERE site = ?', '?', ['camp-a', 5]]);
  });
});
