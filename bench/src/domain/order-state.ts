/** One line of an order: what a realistic aggregate holds in an array. */
export interface OrderLine {
  sku: string;
  quantity: number;
  unitPrice: number;
  addedAt: Date;
}

/**
 * The state of an order aggregate of realistic size, for the mutation check measured alone: a
 * customer, an address, a status, a total, and `lines` order lines (each with a Date).
 */
export class OrderState {
  status = 'open';
  customer = { name: 'Ada Lovelace', email: 'ada@example.com' };
  shipTo = { street: '12 St James Square', city: 'London', postcode: 'SW1Y 4JH', country: 'GB' };
  lines: OrderLine[] = [];
  total = 0;

  static withLines(count: number): OrderState {
    const order = new OrderState();
    for (let i = 0; i < count; i++) {
      const line = { sku: `sku-${i}`, quantity: 1 + (i % 3), unitPrice: 100 * (i + 1), addedAt: new Date(i * 1000) };
      order.lines.push(line);
      order.total += line.quantity * line.unitPrice;
    }
    return order;
  }
}
