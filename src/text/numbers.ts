/**
 * Figures are kept and judged at full precision; they are rounded only where a person reads them.
 * (113 of 119 is 94.96%: shown as 95%, and still below a 95% minimum.)
 */
export function oneDecimal(value: number): number {
  return Math.round(value * 10) / 10;
}
