/**
 * React 18's stream writer (react-dom 18.3, writeStringChunk) sends its whole 2 KB buffer when a
 * multi-byte character does not fit in what is left of it, unfilled bytes included: one or two NUL
 * bytes land in the page ("用途说明不能超过200\0\0个字"). A 0x00 byte in UTF-8 is only ever the NUL
 * character, which HTML does not allow and no form accepts, so dropping every one restores the text.
 */
import { Transform } from "node:stream";

/** The bytes without their NULs; the chunk itself when it has none. */
export function dropNulBytes(chunk: Buffer): Buffer {
  let nul = chunk.indexOf(0);
  if (nul === -1) return chunk;
  // Copies the runs between NULs: most Chinese pages carry some in every few chunks, and filtering
  // byte by byte through a callback cost a millisecond per page.
  const out = Buffer.allocUnsafe(chunk.length);
  let length = 0;
  let from = 0;
  while (nul !== -1) {
    length += chunk.copy(out, length, from, nul);
    from = nul + 1;
    nul = chunk.indexOf(0, from);
  }
  length += chunk.copy(out, length, from);
  return out.subarray(0, length);
}

export function withoutNulBytes(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, dropNulBytes(chunk));
    },
  });
}
