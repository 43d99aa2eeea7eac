import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { normalizeTag, normalizeTags } from '../src/normalizer.mjs';

describe('whitespace', () => {
  test('trims the ends', () => {
    assert.equal(normalizeTag('  travel  '), 'travel');
  });
  test('collapses inner runs of spaces, tabs and newlines to one space', () => {
    assert.equal(normalizeTag('road \t  trip\n2026'), 'road trip 2026');
  });
});

describe('emoji', () => {
  test('strips emoji around and inside a tag', () => {
    assert.equal(normalizeTag('🔥 hot take'), 'hot take');
    assert.equal(normalizeTag('big 🎉 news'), 'big news');
  });
  test('strips joined emoji sequences and flags', () => {
    assert.equal(normalizeTag('family 👨‍👩‍👧 trip 🇯🇵'), 'family trip');
  });
});

describe('blank tags', () => {
  test('a tag with nothing left is null', () => {
    assert.equal(normalizeTag('   '), null);
    assert.equal(normalizeTag('✨🎉'), null);
    assert.equal(normalizeTag(''), null);
  });
  test('blank tags are dropped from a list, duplicates merged', () => {
    assert.deepEqual(normalizeTags(['Work', ' ', 'work ', '🚀', 'Side   Project']), ['work', 'side project']);
  });
});

test('lower-cases', () => {
  assert.equal(normalizeTag('ReadLater'), 'readlater');
});
