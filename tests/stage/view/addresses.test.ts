import { describe, expect, it } from 'vitest';
import { nameIn, partitionAddress, partitionName, partitionOfAddress, splitAddress } from '../../../site/stage/view/addresses.ts';
import { andList, counted, plural } from '../../../site/stage/view/words.ts';

describe('addresses: read and written in one place', () => {
  it('names a partition as Kafka prints a TopicPartition', () => {
    expect(partitionName('orders', 0)).toBe('orders-0');
    expect(partitionName('my-topic', 12)).toBe('my-topic-12');
  });

  it('writes and reads partition addresses (a topic may hold dashes and slashes; the partition is after the last slash)', () => {
    expect(partitionAddress('orders', 3)).toBe('partition:orders/3');
    expect(partitionOfAddress('partition:orders/3')).toEqual({ topic: 'orders', partition: 3 });
    expect(partitionOfAddress('partition:a/b-c/7')).toEqual({ topic: 'a/b-c', partition: 7 });
    expect(partitionOfAddress('consumer:orders/3')).toBeNull();
    expect(partitionOfAddress('partition:orders')).toBeNull();
    expect(partitionOfAddress('partition:orders/x')).toBeNull();
  });

  it('reads the name of an address of a kind', () => {
    expect(nameIn('consumer:ledger', 'consumer')).toBe('ledger');
    expect(nameIn('consumer:a:b', 'consumer')).toBe('a:b');
    expect(nameIn('group:ledger', 'consumer')).toBeNull();
    expect(nameIn('consumer', 'consumer')).toBeNull();
    expect(splitAddress('broker:1')).toEqual(['broker', '1']);
  });
});

describe('words', () => {
  it.each([
    [0, 'records'],
    [1, 'record'],
    [2, 'records'],
  ])('plural(%i, record) is %s', (n, word) => {
    expect(plural(n, 'record')).toBe(word);
    expect(counted(n, 'record')).toBe(`${n} ${word}`);
  });

  it('takes an irregular plural', () => {
    expect(counted(2, 'child', 'children')).toBe('2 children');
  });

  it('lists with commas and a final "and"', () => {
    expect(andList([])).toBe('');
    expect(andList(['a'])).toBe('a');
    expect(andList(['a', 'b'])).toBe('a and b');
    expect(andList(['a', 'b', 'c'])).toBe('a, b and c');
  });
});
