import { Coordination } from '../../src/coordination/coordination';
import { quietLogger } from '@edict/test-support';

// In-process coordination opens no connection: these settings are never used.
const nowhere = { connectionString: 'postgres://nobody@127.0.0.1:1/none' };

describe('in-process coordination', () => {
  it('wakes this process’s listeners after its own append, and no longer once they unsubscribe', async () => {
    const coordination = new Coordination('in-process', nowhere, 'edict', quietLogger());
    let woken = 0;
    const unsubscribe = coordination.onAppended(() => woken++);
    coordination.appended();
    expect(woken).toBe(0); // after the appending caller's own continuation
    await Promise.resolve();
    expect(woken).toBe(1);
    unsubscribe();
    coordination.appended();
    await Promise.resolve();
    expect(woken).toBe(1);
    await coordination.close();
  });
});
