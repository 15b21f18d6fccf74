import { Edict, InMemoryEventStore, REDACTED, type EventStore } from '@edict/core';
import {
  ChangePlan,
  Directory,
  Member,
  PERSONAL_VALUES,
  Refer,
  Register,
  masterKey,
  memberDomain,
  quietLogger,
} from '@edict/test-support';

const ADA = 'm-ada';
const GRACE = 'm-grace';
const BABBAGE = 'p-babbage';

async function app(store: EventStore, key: Buffer, directory = new Directory(), ttl = 1_000) {
  return Edict.create({
    store,
    ...memberDomain,
    handlers: [directory],
    closeStore: false,
    logger: quietLogger(),
    personalData: { masterKey: key, keyCacheTtlMs: ttl },
  });
}

async function workload(edict: Edict): Promise<void> {
  await edict.dispatch(Register.of(ADA, 'Ada Lovelace', 'ada@example.org'));
  await edict.dispatch(Refer.of(ADA, BABBAGE, 'Charles Babbage'));
  await edict.dispatch(ChangePlan.of(ADA, 'gold'));
  await edict.dispatch(Register.of(GRACE, 'Grace Hopper', 'grace@example.org'));
}

const text = (value: unknown) => JSON.stringify(value);

describe('personal data is never stored in plaintext (guarantee 15)', () => {
  it('stores personal properties sealed, and every read path opens them', async () => {
    const store = new InMemoryEventStore();
    const directory = new Directory();
    const edict = await app(store, masterKey(), directory);
    const registered = await edict.dispatch(Register.of('m-x', 'Ada Lovelace', 'x@example.org'));
    expect(registered.events[0]!.data).toMatchObject({ name: 'Ada Lovelace' }); // the caller gets what it sent
    await workload(edict);
    await edict.caughtUp();
    const raw = await store.readAll(0, 100);
    for (const value of PERSONAL_VALUES) expect(text(raw)).not.toContain(value);
    expect(raw[1]!.data).toMatchObject({ memberId: ADA, plan: 'basic', name: { $subject: ADA } });
    const ada = await edict.load(Member, ADA);
    expect(ada).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.org', plan: 'gold' });
    expect(ada.referrers).toEqual(['Charles Babbage']);
    expect(directory.seen[1]).toMatchObject({ values: { name: 'Ada Lovelace' }, redacted: [] });
    await edict.stop();
  });

  it('seals the same value differently each time (a random nonce per value)', async () => {
    const store = new InMemoryEventStore();
    const edict = await app(store, masterKey());
    await edict.dispatch(Register.of('a', 'Same Name', 'same@example.org'));
    await edict.dispatch(Register.of('b', 'Same Name', 'same@example.org'));
    const [first, second] = await store.readAll(0, 10);
    expect(first!.data.name).not.toEqual(second!.data.name);
    await edict.stop();
  });
});

describe('forget (guarantee 15: after forget, no read path returns it)', () => {
  it('redacts the forgotten subject everywhere, leaves the rest readable, positions unchanged', async () => {
    const store = new InMemoryEventStore();
    const directory = new Directory();
    const edict = await app(store, masterKey(), directory);
    await workload(edict);
    await edict.caughtUp();
    const before = (await store.readAll(0, 100)).map((e) => [e.position, e.streamId, e.version, e.type]);

    expect(await edict.forget(ADA)).toBe(true);

    const ada = await edict.load(Member, ADA);
    expect(ada).toMatchObject({ name: REDACTED, email: REDACTED, plan: 'gold' });
    // Babbage was not forgotten: his name, in Ada's stream, stays readable.
    expect(ada.referrers).toEqual(['Charles Babbage']);
    expect(await edict.load(Member, GRACE)).toMatchObject({ name: 'Grace Hopper' });

    await edict.rebuild('members.directory');
    const registered = directory.seen.find((s) => s.values.memberId === ADA && s.type === 'members.Registered')!;
    expect(registered.values).toMatchObject({ memberId: ADA, name: REDACTED, email: REDACTED, plan: 'basic' });
    expect([...registered.redacted].sort()).toEqual(['email', 'name']);
    expect(directory.seen.find((s) => s.values.memberId === GRACE)).toMatchObject({ redacted: [] });

    const frames = [];
    for await (const frame of edict.watch({ from: 0 })) {
      if (frame.kind === 'live') break;
      frames.push(frame);
    }
    expect(text(frames)).not.toContain('Ada Lovelace');
    expect(frames[0]).toMatchObject({ kind: 'event', context: { redacted: ['name', 'email'] } });

    const after = (await store.readAll(0, 100)).map((e) => [e.position, e.streamId, e.version, e.type]);
    expect(after).toEqual(before);
    await edict.stop();
  });

  it('is idempotent: a second forget destroys nothing and changes nothing', async () => {
    const store = new InMemoryEventStore();
    const edict = await app(store, masterKey());
    await workload(edict);
    expect(await edict.forget(ADA)).toBe(true);
    expect(await edict.forget(ADA)).toBe(false);
    expect(await edict.load(Member, ADA)).toMatchObject({ name: REDACTED, plan: 'gold' });
    await edict.stop();
  });

  it('refuses new personal data of a forgotten subject (SubjectForgottenError), writing nothing', async () => {
    const store = new InMemoryEventStore();
    const edict = await app(store, masterKey());
    await workload(edict);
    await edict.forget(ADA);
    const head = await store.headPosition();
    await expect(edict.dispatch(Register.of(ADA, 'Ada Again', 'again@example.org'))).rejects.toMatchObject({
      code: 'SUBJECT_FORGOTTEN',
      subject: ADA,
      eventType: 'members.Registered',
    });
    // Events without personal data of theirs are still accepted.
    await edict.dispatch(ChangePlan.of(ADA, 'silver'));
    expect(await store.headPosition()).toBe(head + 1);
    expect(text(await store.readAll(0, 100))).not.toContain('Ada Again');
    await edict.stop();
  });

  it('a subject forgotten before any data of theirs was stored is refused too', async () => {
    const store = new InMemoryEventStore();
    const edict = await app(store, masterKey());
    expect(await edict.forget('m-never')).toBe(false);
    await expect(edict.dispatch(Register.of('m-never', 'N', 'n@example.org'))).rejects.toMatchObject({
      code: 'SUBJECT_FORGOTTEN',
    });
    expect(await store.headPosition()).toBe(0);
    await edict.stop();
  });

  it('snapshots are sealed, and after forget they are skipped: the load replays, redacted', async () => {
    const store = new InMemoryEventStore();
    const edict = await app(store, masterKey());
    await workload(edict); // Member snapshots every 2 events: Ada's stream has one at version 2
    const snapshot = await store.loadSnapshot(`member-${ADA}`);
    expect(snapshot?.version).toBe(2);
    expect(text(snapshot)).not.toContain('Ada Lovelace');
    expect(text(snapshot)).not.toContain('Charles Babbage');
    expect(Object.keys(snapshot!.state)).toEqual(['$sealedState']);
    expect(await edict.load(Member, ADA)).toMatchObject({ name: 'Ada Lovelace' });
    await edict.forget(BABBAGE); // a subject of the snapshot, not the member
    const ada = await edict.load(Member, ADA);
    expect(ada).toMatchObject({ name: 'Ada Lovelace', referrers: [REDACTED] });
    await edict.stop();
  });

  it('a stream with a forgotten subject gets no new snapshot: its cached state may still hold the values', async () => {
    const store = new InMemoryEventStore();
    const edict = await app(store, masterKey());
    await workload(edict); // Ada's stream: 3 events, a snapshot at 2; her state is cached, in the clear
    await edict.forget(ADA);
    await edict.dispatch(ChangePlan.of(ADA, 'silver')); // version 4: a snapshot is due
    const snapshot = await store.loadSnapshot(`member-${ADA}`);
    expect(snapshot?.version).toBe(2);
    expect(text(snapshot)).not.toContain('Ada Lovelace');
    expect(await edict.load(Member, ADA)).toMatchObject({ name: REDACTED, plan: 'silver' });
    await edict.stop();
  });

  it('refuses to truncate a stream with personal data: after a forget its sealed snapshot could not stand in for it', async () => {
    const store = new InMemoryEventStore();
    const edict = await app(store, masterKey());
    await workload(edict); // Ada's stream: 3 events, a sealed snapshot at 2
    await edict.caughtUp();
    await expect(edict.truncate(Member, ADA, { before: 2 })).rejects.toMatchObject({
      code: 'TRUNCATION_REFUSED',
      reason: 'personal-data',
    });
    expect(await store.readStream(`member-${ADA}`, 1, 10)).toHaveLength(3);
    await edict.forget(ADA);
    expect(await edict.load(Member, ADA)).toMatchObject({ name: REDACTED, plan: 'gold' });
    await edict.stop();
  });

  it('a forget in another process reaches this one within the key cache window', async () => {
    const store = new InMemoryEventStore();
    const key = masterKey();
    const reader = await app(store, key, new Directory(), 50);
    const other = await app(store, key);
    await workload(reader);
    expect(await reader.load(Member, ADA)).toMatchObject({ name: 'Ada Lovelace' }); // key cached
    await other.forget(ADA);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await reader.load(Member, ADA)).toMatchObject({ name: REDACTED });
    await reader.stop();
    await other.stop();
  });
});
