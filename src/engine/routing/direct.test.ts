import { describe, expect, it } from 'vitest';
import { DirectTable } from './direct';
import { FanoutTable } from './fanout';

describe('DirectTable', () => {
  // [binding key, routing key, matches]
  it.each([
    ['user.created', 'user.created', true],
    ['user.created', 'user.Created', false],
    ['user.*', 'user.created', false],
    ['#', 'anything', false],
    ['', '', true],
    ['', 'a', false],
    ['a.', 'a', false],
  ] as const)('binding %j, routing key %j: %s', (bindingKey, routingKey, expected) => {
    const table = new DirectTable<string>();
    table.add(bindingKey, 'q');
    expect(table.match(routingKey)).toEqual(expected ? ['q'] : []);
  });

  it('keeps each binding once and routes to every queue bound with the key', () => {
    const table = new DirectTable<string>();
    expect(table.add('k', 'q1')).toBe(true);
    expect(table.add('k', 'q1')).toBe(false);
    table.add('k', 'q2');
    table.add('other', 'q1');
    expect(table.size).toBe(3);
    const before = table.match('k');
    expect(before).toEqual(['q1', 'q2']);
    expect(table.remove('k', 'q1')).toBe(true);
    expect(table.remove('k', 'q1')).toBe(false);
    expect(table.match('k')).toEqual(['q2']);
    // an earlier result is a snapshot, not a live view
    expect(before).toEqual(['q1', 'q2']);
    table.remove('k', 'q2');
    expect(table.match('k')).toEqual([]);
    expect(table.size).toBe(1);
  });
});

describe('FanoutTable', () => {
  it('routes to every bound value once, whatever the keys', () => {
    const table = new FanoutTable<string>();
    table.add('', 'q1');
    table.add('ignored', 'q1');
    table.add('x', 'q2');
    expect(table.add('x', 'q2')).toBe(false);
    expect(table.size).toBe(3);
    expect(table.match()).toEqual(['q1', 'q2']);
    expect(table.remove('', 'q1')).toBe(true);
    expect(table.match()).toEqual(['q1', 'q2']);
    expect(table.remove('ignored', 'q1')).toBe(true);
    expect(table.remove('ignored', 'q1')).toBe(false);
    expect(table.match()).toEqual(['q2']);
    expect(table.size).toBe(1);
  });
});
