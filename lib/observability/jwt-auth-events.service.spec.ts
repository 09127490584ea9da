import { Logger } from '@nestjs/common';
import { JwtAuthEvents } from './jwt-auth-events.service';
import type { CsrfFailedEvent } from './jwt-auth.events';

const event: CsrfFailedEvent = { code: 'csrf_missing', userId: 'alice', method: 'POST' };

describe('JwtAuthEvents', () => {
  it('wants no event before anyone listens', () => {
    expect(new JwtAuthEvents().wants('csrfFailed')).toBe(false);
  });

  it('wants an event while a listener is subscribed, and not once it is gone', () => {
    const events = new JwtAuthEvents();
    const first = events.on('csrfFailed', () => undefined);
    const second = events.on('csrfFailed', () => undefined);
    expect(events.wants('csrfFailed')).toBe(true);
    expect(events.wants('refused')).toBe(false);
    first();
    expect(events.wants('csrfFailed')).toBe(true);
    second();
    expect(events.wants('csrfFailed')).toBe(false);
  });

  it('calls each listener with the event', () => {
    const events = new JwtAuthEvents();
    const seen: CsrfFailedEvent[] = [];
    events.on('csrfFailed', (heard) => seen.push(heard));
    events.emit('csrfFailed', event);
    expect(seen).toEqual([event]);
  });

  it('logs a listener that throws, and still calls the next one', () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const events = new JwtAuthEvents();
      const seen: unknown[] = [];
      events.on('csrfFailed', () => {
        throw new Error('disk full');
      });
      events.on('csrfFailed', (heard) => seen.push(heard));
      expect(() => events.emit('csrfFailed', event)).not.toThrow();
      expect(seen).toEqual([event]);
      expect(error).toHaveBeenCalledWith('a listener of the "csrfFailed" event failed: disk full');
    } finally {
      error.mockRestore();
    }
  });

  it('logs an async listener that rejects instead of leaving the rejection unhandled', async () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const events = new JwtAuthEvents();
      events.on('csrfFailed', () => Promise.reject(new Error('queue closed')) as unknown as void);
      events.emit('csrfFailed', event);
      await new Promise((resolve) => setImmediate(resolve));
      expect(error).toHaveBeenCalledWith('a listener of the "csrfFailed" event failed: queue closed');
    } finally {
      error.mockRestore();
    }
  });
});
