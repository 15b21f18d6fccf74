/**
 * Renders an amount in minor units with its currency's number of decimals, exactly (no
 * floating point): `formatMoney(12345, 'EUR')` is `'123.45 EUR'`, `formatMoney(500, 'JPY')`
 * is `'500 JPY'`.
 */
export function formatMoney(minorUnits: number, currency: string): string {
  const digits = fractionDigits(currency);
  const sign = minorUnits < 0 ? '-' : '';
  const text = String(Math.abs(minorUnits)).padStart(digits + 1, '0');
  const whole = digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  return `${sign}${whole} ${currency}`;
}

function fractionDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}
