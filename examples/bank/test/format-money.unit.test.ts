import { formatMoney } from '../src/format-money';

describe('formatMoney', () => {
  it.each([
    [12345, 'EUR', '123.45 EUR'],
    [5, 'EUR', '0.05 EUR'],
    [0, 'GBP', '0.00 GBP'],
    [-150, 'USD', '-1.50 USD'],
    [500, 'JPY', '500 JPY'],
    [1234, 'KWD', '1.234 KWD'],
    [Number.MAX_SAFE_INTEGER, 'EUR', '90071992547409.91 EUR'],
  ])('renders %d minor units of %s as %s, exactly', (minorUnits, currency, expected) => {
    expect(formatMoney(minorUnits, currency)).toBe(expected);
  });
});
