import { describe, expect, it } from 'vitest';
import { neighbours, orderNotes } from '../../src/lib/site-order.ts';

const n = (slug: string, section: string, title = slug) => ({ slug, section, title });

describe('orderNotes', () => {
  const sections = ['overview', 'theory', 'empirical'];

  it('orders by configured section, then by title', () => {
    const notes = [n('b', 'theory'), n('z', 'overview'), n('a', 'empirical'), n('a2', 'theory', 'A')];
    expect(orderNotes(notes, sections).map((x) => x.slug)).toEqual(['z', 'a2', 'b', 'a']);
  });

  it.each([
    ['ignores case in titles', [n('x', 'theory', 'beta'), n('y', 'theory', 'Alpha')], ['y', 'x']],
    [
      'ignores accents in titles',
      [n('x', 'theory', 'Éta'), n('y', 'theory', 'Eta'), n('z', 'theory', 'Delta')],
      ['z', 'x', 'y'],
    ],
    ['breaks title ties by slug', [n('b', 'theory', 'Same'), n('a', 'theory', 'same')], ['a', 'b']],
    ['puts unknown sections last', [n('x', 'nowhere'), n('y', 'empirical')], ['y', 'x']],
  ])('%s', (_name, notes, expected) => {
    expect(orderNotes(notes, sections).map((x) => x.slug)).toEqual(expected);
  });

  it('does not change its input', () => {
    const notes = [n('b', 'theory'), n('a', 'overview')];
    orderNotes(notes, sections);
    expect(notes.map((x) => x.slug)).toEqual(['b', 'a']);
  });
});

describe('neighbours', () => {
  const ordered = [{ slug: 'a' }, { slug: 'b' }, { slug: 'c' }];

  it.each([
    ['a', { prev: undefined, next: { slug: 'b' } }],
    ['b', { prev: { slug: 'a' }, next: { slug: 'c' } }],
    ['c', { prev: { slug: 'b' }, next: undefined }],
    ['missing', {}],
  ])('gives %s its previous and next notes', (slug, expected) => {
    expect(neighbours(ordered, slug)).toEqual(expected);
  });
});
