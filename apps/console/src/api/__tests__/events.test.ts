import { describe, expect, it } from 'vitest';
import { createSseParser, type SseMessage } from '../events';

describe('the event-stream parser', () => {
  it('yields whole messages across chunk boundaries and skips comments', () => {
    const got: SseMessage[] = [];
    const feed = createSseParser((m) => got.push(m));
    feed('retry: 3000\n\n: keep-alive\n\nid: 1\nevent: st');
    feed('age\ndata: {"projectId":"p","stage":"cost_sharing","at":"x"}\n');
    expect(got).toEqual([]);
    feed('\nid: 2\r\nevent: stage\r\ndata: {"stage":"enrolment"}\r\n\r\n');
    expect(got).toEqual([
      { event: 'stage', id: '1', data: '{"projectId":"p","stage":"cost_sharing","at":"x"}' },
      { event: 'stage', id: '2', data: '{"stage":"enrolment"}' },
    ]);
  });
});
