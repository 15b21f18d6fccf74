import { Edict, InMemoryEventStore } from '@edict/core';
import { PERSONAL_VALUES, masterKey, memberApp, personalWorkload, quietLogger } from '@edict/test-support';

/** Every string reachable from `root` (object fields, Map keys and values, Sets, arrays, bytes as UTF-8). */
function strings(root: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<object>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') return void out.push(v);
    if (typeof v !== 'object' || v === null || seen.has(v)) return;
    seen.add(v);
    if (v instanceof Uint8Array) return void out.push(Buffer.from(v).toString('utf8'));
    if (v instanceof Map) {
      for (const [k, x] of v) {
        walk(k);
        walk(x);
      }
    } else if (v instanceof Set || Array.isArray(v)) for (const x of v) walk(x);
    else for (const key of Object.getOwnPropertyNames(v)) walk((v as Record<string, unknown>)[key]);
  };
  walk(root);
  return out;
}

describe('the in-memory store never holds personal data in plaintext (guarantee 15)', () => {
  it('nothing the store holds (events, commands, snapshots, process state, dead letters, keys) contains a personal value', async () => {
    const store = new InMemoryEventStore();
    const edict = await Edict.create({
      store,
      closeStore: false,
      logger: quietLogger(),
      ...memberApp(),
      personalData: { masterKey: masterKey() },
    });
    await personalWorkload(edict);
    await edict.caughtUp();
    for (let i = 0; i < 100 && (await store.readDeadLetters('members.failing')).length < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await edict.stop();
    const held = strings(store);
    expect(held.some((s) => s.includes('gold'))).toBe(true); // the walk reaches the stored events
    expect(held.some((s) => s.includes('mail server down'))).toBe(true); // and the dead letters
    for (const value of PERSONAL_VALUES) expect(held.filter((s) => s.includes(value))).toEqual([]);
  });
});
