/** The lines of a stream that is not a terminal (a pipe or a file), one at a time as they arrive. */
import { StringDecoder } from 'node:string_decoder';

/**
 * Yields each line of `stream` as soon as its newline arrives, without the newline (and without
 * the `\r` of a `\r\n`, so lines are what the engine's splitLines makes of the same text). A
 * last line without a newline is yielded at the end. Nothing is read ahead of what the reader
 * asked for beyond the current chunk, so a command runs while later input is still coming.
 */
export async function* linesOf(stream: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of stream) {
    const parts = (rest + (typeof chunk === 'string' ? chunk : decoder.write(chunk))).split('\n');
    rest = parts.pop() ?? '';
    for (const part of parts) yield part.endsWith('\r') ? part.slice(0, -1) : part;
  }
  rest += decoder.end();
  if (rest !== '') yield rest;
}
