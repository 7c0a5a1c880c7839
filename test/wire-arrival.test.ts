import { describe, expect, it } from 'vitest';
import { arrivalOf, WireTiming } from '../src/probe/wire.js';

/** Raw chunks as the wire saw them: [arrival time, bytes]. */
function wireWith(chunks: [number, number][]): WireTiming {
  const wire = new WireTiming();
  let end = 0;
  wire.arrivals = chunks.map(([at, bytes]) => {
    end += bytes;
    return { at, end };
  });
  return wire;
}

describe('when a body read was complete on the socket', () => {
  it('one read per raw chunk: each its own arrival', () => {
    const wire = wireWith([
      [1, 10],
      [20, 5],
    ]);
    expect([arrivalOf(wire, 10), arrivalOf(wire, 15)]).toEqual([1, 20]);
  });

  it('one read joining two raw chunks: the later one, not the first (a TTFT would read too early)', () => {
    const wire = wireWith([
      [1, 10],
      [2, 10],
      [20, 5],
    ]);
    expect([arrivalOf(wire, 20), arrivalOf(wire, 25)]).toEqual([2, 20]);
  });

  it('one raw chunk split over two reads: both from that chunk', () => {
    const wire = wireWith([[5, 10]]);
    expect([arrivalOf(wire, 4), arrivalOf(wire, 10)]).toEqual([5, 5]);
  });
});
