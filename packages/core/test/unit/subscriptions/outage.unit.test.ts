import { InvalidArgumentError, StoreUnavailableError } from '@edict/core';
import { MAX_OUTAGE_DELAY_MS, Outage } from '../../../src/subscriptions/outage';
import { quietLogger } from '@edict/test-support';

const unavailable = () => new StoreUnavailableError('read', new Error('connect ECONNREFUSED 127.0.0.1:1'));

describe('an outage', () => {
  it('says the store could not be reached when the handler never reached it', () => {
    const logger = quietLogger();
    const outage = new Outage('h', logger);
    const { lastError } = outage.failed(unavailable(), 0);
    outage.failed(new InvalidArgumentError('x', 'y'), 0);
    expect(logger.lines).toEqual([
      "Handler 'h' could not reach the store; retrying",
      "Handler 'h' could not reach the store; retrying",
    ]);
    expect(lastError).toMatchObject({ code: 'STORE_UNAVAILABLE', position: 0, attempts: 1 });
  });

  it('says the connection was lost once the store had answered, or what else failed', () => {
    const logger = quietLogger();
    const outage = new Outage('h', logger);
    outage.connected();
    outage.failed(unavailable(), 4);
    outage.failed(new InvalidArgumentError('x', 'y'), 4);
    expect(logger.lines).toEqual([
      "Handler 'h' lost its connection to the store; retrying",
      "Handler 'h' got an error from the store; retrying",
    ]);
  });

  it('backs off longer with each failure of a streak, up to a ceiling; a healthy read starts over', () => {
    const outage = new Outage('h', quietLogger());
    const delays = Array.from({ length: 12 }, () => outage.failed(unavailable(), 0).delayMs);
    expect(delays.slice(0, 4)).toEqual([200, 400, 800, 1600]);
    expect(Math.max(...delays)).toBeLessThanOrEqual(MAX_OUTAGE_DELAY_MS);
    expect(delays).toEqual([...delays].sort((a, b) => a - b));
    outage.healthy();
    expect(outage.failed(unavailable(), 0)).toMatchObject({ delayMs: 200, lastError: { attempts: 1 } });
  });
});
