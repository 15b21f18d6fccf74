import { WakeUp } from '../../../src/subscriptions/wake-up';

describe('the wake-up', () => {
  it('sleeps until the time passed', async () => {
    const started = Date.now();
    await new WakeUp().sleep(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('cuts a sleep short, and counts wake-ups', async () => {
    const wakeUp = new WakeUp();
    const started = Date.now();
    const sleeping = wakeUp.sleep(10_000);
    expect(wakeUp.generation).toBe(0);
    wakeUp.wake();
    await sleeping;
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(wakeUp.generation).toBe(1);
  });

  it('holds the whole time however often woken, unless cancelled', async () => {
    const wakeUp = new WakeUp();
    const started = Date.now();
    const holding = wakeUp.hold(60, () => false);
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 5));
      wakeUp.wake();
    }
    expect(await holding).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);

    let cancelled = false;
    const cancelling = wakeUp.hold(10_000, () => cancelled);
    cancelled = true;
    wakeUp.wake();
    expect(await cancelling).toBe(false);
  });
});
