import { load } from './http.bench';
import { fixed, settings, table } from './measure';
import { ServerProcess } from './server-process';

/** Distinct tokens of the memory run: far more than the token cache holds. */
const MEMORY_TOKENS = 50_000;
const SAMPLES = 8;

/**
 * The memory section: a long run of requests on the full guard, every one with a token not seen
 * for a long while, with the server's heap (after full GCs) sampled between stretches. Bounded
 * caches keep it flat.
 */
export async function memoryBench(): Promise<{ firstMb: number; middleMb: number; lastMb: number }> {
  console.log(
    `\n## Memory: ${settings.memoryDuration} s of requests on the full guard (Express), ${MEMORY_TOKENS} distinct tokens ` +
      'round-robin; server heapUsed after 2 full GCs\n',
  );
  const server = await ServerProcess.start('express', MEMORY_TOKENS);
  try {
    const url = `${server.url}/protected`;
    const cursor = { next: 0 };
    await load(url, server.tokens.distinct, 1, cursor); // warm-up
    const rows: string[][] = [];
    const heaps: number[] = [];
    let elapsed = 0;
    for (let sample = 0; sample <= SAMPLES; sample++) {
      if (sample > 0) {
        const stretch = settings.memoryDuration / SAMPLES;
        await load(url, server.tokens.distinct, stretch, cursor);
        elapsed += stretch;
      }
      const heap = (await server.heapUsed()) / 2 ** 20;
      heaps.push(heap);
      rows.push([fixed(elapsed, 1), String(cursor.next), fixed(heap, 1)]);
    }
    console.log(table(['after s', 'requests', 'heapUsed MB'], rows));
    // The caches fill in the first stretches; bounded, they stop growing: the second half is flat.
    return { firstMb: heaps[0], middleMb: heaps[SAMPLES / 2], lastMb: heaps[SAMPLES] };
  } finally {
    await server.stop();
  }
}
