import { InMemoryEventStore } from '@edict/core';
import { Checkpointer } from '../../../src/subscriptions/checkpointer';

/** Holds every checkpoint write until `open()` is called; or fails them while `failing` is set. */
class GatedStore extends InMemoryEventStore {
  readonly writes: number[] = [];
  failing: Error | undefined;
  private gate: Promise<void> | undefined;
  private opener: (() => void) | undefined;
  close_(): void {
    this.gate = new Promise((resolve) => (this.opener = resolve));
  }
  open(): void {
    this.opener?.();
    this.gate = undefined;
  }
  override async saveCheckpoint(name: string, position: number): Promise<void> {
    this.writes.push(position);
    await this.gate;
    if (this.failing) throw this.failing;
    return super.saveCheckpoint(name, position);
  }
}

const tick = () => new Promise((r) => setImmediate(r));

describe('the checkpointer', () => {
  it('loads the stored checkpoint, or saves the initial one at once', async () => {
    const store = new GatedStore();
    await store.saveCheckpoint('a', 7);
    store.writes.length = 0;
    expect(await new Checkpointer(store, 'a').load(() => Promise.resolve(99))).toBe(7);
    expect(store.writes).toEqual([]);
    expect(await new Checkpointer(store, 'b').load(() => Promise.resolve(42))).toBe(42);
    expect(await store.loadCheckpoint('b')).toBe(42);
  });

  it('writes behind: a save does not wait for its write, the next one does', async () => {
    const store = new GatedStore();
    const checkpoints = new Checkpointer(store, 'h');
    await checkpoints.load(() => Promise.resolve(0));
    store.close_();
    await checkpoints.saveBehind(10); // returns while the write is held
    expect(store.writes).toEqual([0, 10]);
    let second = false;
    const saving = checkpoints.saveBehind(20).then(() => (second = true));
    await tick();
    expect([second, store.writes]).toEqual([false, [0, 10]]);
    store.open();
    await saving;
    await checkpoints.flush();
    expect(await store.loadCheckpoint('h')).toBe(20);
  });

  it('writes nothing when the position did not move', async () => {
    const store = new GatedStore();
    const checkpoints = new Checkpointer(store, 'h');
    await checkpoints.load(() => Promise.resolve(5));
    await checkpoints.saveBehind(5);
    await checkpoints.close(5, false);
    expect(store.writes).toEqual([5]);
  });

  it('throws a failed write at the next save or flush', async () => {
    const store = new GatedStore();
    const checkpoints = new Checkpointer(store, 'h');
    await checkpoints.load(() => Promise.resolve(0));
    store.failing = new Error('disk full');
    await checkpoints.saveBehind(3);
    await expect(checkpoints.saveBehind(4)).rejects.toThrow('disk full');
    store.failing = undefined;
    store.close_();
    await checkpoints.saveBehind(5);
    store.failing = new Error('again');
    store.open();
    await expect(checkpoints.flush()).rejects.toThrow('again');
    await expect(checkpoints.flush()).resolves.toBeUndefined(); // told once
  });

  it('saves the last position on close, unless the lease was lost; never throws there', async () => {
    const store = new GatedStore();
    const checkpoints = new Checkpointer(store, 'h');
    await checkpoints.load(() => Promise.resolve(0));
    await checkpoints.close(8, true);
    expect(await store.loadCheckpoint('h')).toBe(0);
    await checkpoints.close(8, false);
    expect(await store.loadCheckpoint('h')).toBe(8);
    store.failing = new Error('gone');
    await expect(checkpoints.close(9, false)).resolves.toBeUndefined();
  });

  it('covers a position on demand: waits for the write under way, and writes only what it did not cover', async () => {
    const store = new GatedStore();
    const checkpoints = new Checkpointer(store, 'h');
    await checkpoints.load(() => Promise.resolve(0));
    store.close_();
    await checkpoints.saveBehind(10);
    let covered = false;
    const covering = checkpoints.cover(10).then(() => (covered = true));
    await tick();
    expect(covered).toBe(false); // the write of 10 is still held
    store.open();
    await covering;
    expect(store.writes).toEqual([0, 10]); // that write covered it: no second one
    expect(await store.loadCheckpoint('h')).toBe(10);
    await checkpoints.cover(14); // got past events since the last save: written now
    expect(await store.loadCheckpoint('h')).toBe(14);
  });

  it('never throws from a cover: a failed write leaves the checkpoint behind, and its error for the loop', async () => {
    const store = new GatedStore();
    const checkpoints = new Checkpointer(store, 'h');
    await checkpoints.load(() => Promise.resolve(0));
    store.failing = new Error('disk full');
    await expect(checkpoints.cover(20)).resolves.toBeUndefined();
    expect(await store.loadCheckpoint('h')).toBe(0);
    await expect(checkpoints.flush()).rejects.toThrow('disk full');
  });

  it('makes a flush wait for a cover written while it waited, so that nothing lands after what follows the flush', async () => {
    const store = new GatedStore();
    const checkpoints = new Checkpointer(store, 'h');
    await checkpoints.load(() => Promise.resolve(0));
    store.close_();
    await checkpoints.saveBehind(10);
    const flushing = checkpoints.flush(); // as a rebuild does before it resets the checkpoint
    await tick();
    const covering = checkpoints.cover(14);
    store.open();
    store.close_(); // the write of 10 goes through, the cover's write of 14 is held
    let flushed = false;
    void flushing.then(() => (flushed = true));
    await tick();
    expect([flushed, store.writes]).toEqual([false, [0, 10, 14]]);
    store.open();
    await flushing;
    expect(await store.loadCheckpoint('h')).toBe(14);
    await covering;
  });

  it("writes nothing on a cover outside load and close: the lease may be another process's", async () => {
    const store = new GatedStore();
    const checkpoints = new Checkpointer(store, 'h');
    await checkpoints.cover(3);
    expect(store.writes).toEqual([]);
    await checkpoints.load(() => Promise.resolve(0));
    await checkpoints.close(0, false);
    await checkpoints.cover(25);
    expect(store.writes).toEqual([0]);
  });

  it('takes a reset made elsewhere as the stored position', async () => {
    const store = new GatedStore();
    const checkpoints = new Checkpointer(store, 'h');
    await checkpoints.load(() => Promise.resolve(30));
    await store.resetCheckpoint('h', 0);
    checkpoints.resetTo(0);
    store.writes.length = 0;
    await checkpoints.saveBehind(0);
    expect(store.writes).toEqual([]);
    await checkpoints.saveBehind(4);
    await checkpoints.flush();
    expect(await store.loadCheckpoint('h')).toBe(4);
  });
});
