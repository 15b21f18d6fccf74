import type { SubjectKeyStore } from '../../contracts/subject-key-store';
import type { ContractContext } from './contract-context';

const bytes = (...values: number[]) => Uint8Array.from(values);

/** The subjects' keys: stored once, found in batches, forgotten for good. */
export function subjectKeyContract(t: ContractContext): void {
  const { it, expect } = t;
  const keys = (): SubjectKeyStore => {
    const found = t.store().subjectKeys;
    expect(found).toBeDefined();
    return found!;
  };

  it('keeps the first key created for a subject, and returns it to a later writer', async () => {
    expect(await keys().createSubjectKey('s1', bytes(1, 2, 3))).toEqual({ subject: 's1', key: bytes(1, 2, 3) });
    expect(await keys().createSubjectKey('s1', bytes(9, 9, 9))).toEqual({ subject: 's1', key: bytes(1, 2, 3) });
  });

  it('loads the keys of many subjects at once, leaving out those it never saw', async () => {
    await keys().createSubjectKey('s1', bytes(1));
    await keys().createSubjectKey('s2', bytes(2));
    const rows = await keys().loadSubjectKeys(['s2', 's1', 'unknown']);
    expect(rows.sort((a, b) => a.subject.localeCompare(b.subject))).toEqual([
      { subject: 's1', key: bytes(1) },
      { subject: 's2', key: bytes(2) },
    ]);
    expect(await keys().loadSubjectKeys([])).toEqual([]);
  });

  it('forgetting destroys the key for good: idempotent, and no new key is taken afterwards', async () => {
    await keys().createSubjectKey('s1', bytes(1));
    expect(await keys().forgetSubject('s1')).toBe(true);
    expect(await keys().forgetSubject('s1')).toBe(false);
    expect(await keys().loadSubjectKeys(['s1'])).toEqual([{ subject: 's1', key: null }]);
    expect(await keys().createSubjectKey('s1', bytes(7))).toEqual({ subject: 's1', key: null });
  });

  it('a subject forgotten before it had a key is recorded as forgotten', async () => {
    expect(await keys().forgetSubject('never')).toBe(false);
    expect(await keys().createSubjectKey('never', bytes(7))).toEqual({ subject: 'never', key: null });
  });

  it('refuses malformed subjects and keys with InvalidArgumentError, storing nothing', async () => {
    await expect(keys().createSubjectKey('', bytes(1))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(keys().createSubjectKey('s1', new Uint8Array(0))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(keys().createSubjectKey('s1', 'key' as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(keys().loadSubjectKeys('s1' as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(keys().forgetSubject('x'.repeat(1000))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await keys().loadSubjectKeys(['s1'])).toEqual([]);
  });
}
