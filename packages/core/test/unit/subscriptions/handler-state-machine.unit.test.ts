import type { HandlerState } from '@edict/core';
import { HandlerStateMachine, TRANSITIONS } from '../../../src/subscriptions/handler-state-machine';

const STATES = Object.keys(TRANSITIONS) as HandlerState[];
/** A way to reach each state from 'starting'. */
const PATH: Record<HandlerState, HandlerState[]> = {
  starting: [],
  standby: ['standby'],
  'catching-up': ['catching-up'],
  live: ['catching-up', 'live'],
  retrying: ['retrying'],
  failed: ['catching-up', 'failed'],
  stopped: ['stopped'],
};

function machineIn(state: HandlerState): HandlerStateMachine {
  const machine = new HandlerStateMachine('h');
  machine.caughtUp.catch(() => undefined);
  for (const step of PATH[state]) machine.to(step);
  expect(machine.state).toBe(state);
  return machine;
}

describe('the handler state machine', () => {
  const pairs = STATES.flatMap((from) => STATES.filter((to) => to !== from).map((to) => [from, to] as const));

  it.each(pairs)('from %s to %s: moves only where the table allows', (from, to) => {
    const machine = machineIn(from);
    if (TRANSITIONS[from].includes(to)) {
      machine.to(to);
      expect(machine.state).toBe(to);
    } else {
      expect(() => machine.to(to)).toThrow(`Handler 'h' cannot go from '${from}' to '${to}'`);
      expect(machine.state).toBe(from);
    }
  });

  it('leaves failed only to stopped, and stopped never', () => {
    expect(TRANSITIONS.failed).toEqual(['stopped']);
    expect(TRANSITIONS.stopped).toEqual([]);
  });

  it('resolves caughtUp the first time it goes live, and stays caught up', async () => {
    const machine = new HandlerStateMachine('h');
    let resolved = false;
    void machine.caughtUp.then(() => (resolved = true));
    machine.to('catching-up');
    await Promise.resolve();
    expect([resolved, machine.hasCaughtUp]).toEqual([false, false]);
    machine.to('live');
    machine.to('retrying');
    await machine.caughtUp;
    expect(machine.hasCaughtUp).toBe(true);
    machine.to('failed', new Error('later'));
    await expect(machine.caughtUp).resolves.toBeUndefined();
  });

  it('rejects caughtUp with the reason when it fails or stops before going live', async () => {
    const failed = new HandlerStateMachine('h');
    failed.to('catching-up');
    const reason = new Error('stopped at event 3');
    failed.to('failed', reason);
    await expect(failed.caughtUp).rejects.toBe(reason);

    const stopped = new HandlerStateMachine('h');
    stopped.to('standby');
    stopped.to('stopped');
    await expect(stopped.caughtUp).rejects.toThrow("Handler 'h' is stopped");
  });

  it('resumes live once caught up, unless rebuilding; catching up before', () => {
    const machine = new HandlerStateMachine('h');
    machine.to('retrying');
    machine.resume(false);
    expect(machine.state).toBe('catching-up');
    machine.to('live');
    machine.to('standby');
    machine.resume(false);
    expect(machine.state).toBe('live');
    machine.to('retrying');
    machine.resume(true);
    expect(machine.state).toBe('catching-up');
  });

  it('recovers only from retrying', () => {
    const machine = machineIn('live');
    machine.recovered(false);
    expect(machine.state).toBe('live');
    machine.to('retrying');
    machine.recovered(false);
    expect(machine.state).toBe('live');
    const standby = machineIn('standby');
    standby.recovered(false);
    expect(standby.state).toBe('standby');
  });
});
