import { describe, expect, it } from 'vitest';
import type { PushedEvent } from '../../../shared/events.js';
import { EventBus, type Audience } from './event-bus.js';

describe('EventBus', () => {
  it('hands every subscriber the event with its audience, and nothing after the unsubscribe', () => {
    const bus = new EventBus();
    const seen: [PushedEvent, Audience][] = [];
    const unsubscribe = bus.subscribe((event, audience) => seen.push([event, audience]));
    bus.publish('inbox:changed', { threadIds: ['t1'] }, { kind: 'threads', threadIds: ['t1'] });
    unsubscribe();
    bus.publish('inbox:changed', { threadIds: ['t2'] }, { kind: 'threads', threadIds: ['t2'] });
    expect(seen).toEqual([[{ name: 'inbox:changed', payload: { threadIds: ['t1'] } }, { kind: 'threads', threadIds: ['t1'] }]]);
  });
});
