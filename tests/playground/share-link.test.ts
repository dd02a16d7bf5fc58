/**
 * Share links: a notebook goes into a URL fragment and comes back identical; a link that is too
 * long, inflates too far, is damaged, or carries the wrong shape is refused with a sentence saying
 * why, quickly and without exhausting memory. Hostile links are built here by hand (deflate-raw
 * and base64url from the platform), not with the encoder under test.
 */
import { describe, expect, it } from 'vitest';
import { ENGINE_VERSION } from '../../engine/version.ts';
import { decodeNotebook, encodeNotebook, SHARE_LIMITS } from '../../site/playground/share-link.ts';

/** A fragment carrying `payload` (any text) the way a link is built: deflate-raw, then base64url. */
async function fragmentOf(payload: string): Promise<string> {
  const compressed = new Uint8Array(await new Response(new Blob([payload]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer());
  return `nb1.${Buffer.from(compressed).toString('base64url')}`;
}

const notebook = {
  seed: 7,
  cells: ['kafka-topics --create --topic orders --partitions 3', 'sim producer start website --topic orders --value "<script>alert(1)</script>"'],
  ops: [
    { op: 'cell', cell: 0 } as const,
    { op: 'cell', cell: 1 } as const,
    { op: 'act', command: 'sim crash shipping-1', tick: 12 } as const,
    { op: 'advance', ticks: 8, untilQuiet: false } as const,
  ],
};

describe('a share link', () => {
  it('carries the notebook and brings it back identical, values as plain text', async () => {
    const fragment = await encodeNotebook(notebook);
    expect(fragment).toMatch(/^nb1\.[A-Za-z0-9_-]+$/);
    expect(await decodeNotebook(`#${fragment}`)).toEqual({ ok: true, notebook: { engine: ENGINE_VERSION, ...notebook }, otherEngine: false });
  });

  it('is compact: a dozen cells of a typical story fit in well under 2,000 characters', async () => {
    const cells = Array.from(
      { length: 12 },
      (_, i) => `sim consumer start shipping-${i} --group shipping --topic orders --commit after --offset-reset earliest\nsim run`,
    );
    const fragment = await encodeNotebook({ seed: 1, cells, ops: cells.map((_, cell) => ({ op: 'cell', cell })) });
    expect(fragment.length).toBeLessThan(2000);
  });

  it('from another engine opens, and says so', async () => {
    const decoded = await decodeNotebook(await fragmentOf(JSON.stringify({ v: 1, engine: '0.0.9', seed: 1, cells: ['sim tick 1'], ops: [] })));
    expect(decoded).toEqual({ ok: true, notebook: { engine: '0.0.9', seed: 1, cells: ['sim tick 1'], ops: [] }, otherEngine: true });
  });
});

describe('a hostile or broken link is refused, saying why', () => {
  it('a 10 MB fragment: refused by its length before anything is decoded', async () => {
    const started = process.hrtime.bigint();
    const decoded = await decodeNotebook(`nb1.${'A'.repeat(10_000_000)}`);
    expect(decoded).toEqual({ ok: false, problem: 'This link is too long to be a notebook (10,000,000 characters; at most 256,000).' });
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(1000);
  });

  it('a small link that inflates to 64 MB: decompression stops at the limit', async () => {
    const bomb = await fragmentOf(' '.repeat(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(SHARE_LIMITS.fragmentChars);
    expect(await decodeNotebook(bomb)).toEqual({ ok: false, problem: "This link's notebook is too large once unpacked (over 2 MiB)." });
  });

  it.each([
    { what: 'not a Streamlab link', fragment: 'section-2', problem: /does not carry a Streamlab notebook/ },
    { what: 'a later format', fragment: 'nb2.AAAA', problem: /does not carry a Streamlab notebook \(or was made by a newer Streamlab\)/ },
    { what: 'characters outside base64url', fragment: 'nb1.abc$%', problem: /not valid base64url/ },
    {
      what: 'broken compression',
      fragment: `nb1.${Buffer.from([0xff, 0xfe, 0xfd, 0x00, 0x13, 0x37, 0x42]).toString('base64url')}`,
      problem: /cannot be unpacked/,
    },
  ])('$what', async ({ fragment, problem }) => {
    const decoded = await decodeNotebook(fragment);
    expect(decoded.ok).toBe(false);
    expect(!decoded.ok && decoded.problem).toMatch(problem);
  });

  it.each([
    { what: 'not JSON', payload: '<script>alert(1)</script>', problem: /not readable data/ },
    {
      what: 'a wrong schema version',
      payload: JSON.stringify({ v: 2, engine: '0.1.0', seed: 1, cells: [], ops: [] }),
      problem: /not one Streamlab can open: .* at v\./,
    },
    { what: 'a fractional seed', payload: JSON.stringify({ v: 1, engine: '0.1.0', seed: 1.5, cells: [], ops: [] }), problem: /at seed\./ },
    {
      what: 'a cell that is not text',
      payload: JSON.stringify({ v: 1, engine: '0.1.0', seed: 1, cells: [{ html: '<img onerror=x>' }], ops: [] }),
      problem: /at cells\.0\./,
    },
    {
      what: 'an unknown operation',
      payload: JSON.stringify({ v: 1, engine: '0.1.0', seed: 1, cells: [], ops: [{ op: 'eval', code: 'x' }] }),
      problem: /at ops\.0/,
    },
    {
      what: 'an extra field',
      payload: JSON.stringify({ v: 1, engine: '0.1.0', seed: 1, cells: [], ops: [], script: 'javascript:alert(1)' }),
      problem: /not one Streamlab can open/,
    },
    { what: 'too many cells', payload: JSON.stringify({ v: 1, engine: '0.1.0', seed: 1, cells: Array(201).fill(''), ops: [] }), problem: /at cells\./ },
    {
      what: 'an operation running a cell it does not have',
      payload: JSON.stringify({ v: 1, engine: '0.1.0', seed: 1, cells: ['sim tick 1'], ops: [{ op: 'cell', cell: 3 }] }),
      problem: /operation 0 runs a cell it does not have/,
    },
  ])('$what', async ({ payload, problem }) => {
    const decoded = await decodeNotebook(await fragmentOf(payload));
    expect(decoded.ok).toBe(false);
    expect(!decoded.ok && decoded.problem).toMatch(problem);
  });
});
