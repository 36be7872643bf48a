/** Reading bytes as text, where the bytes come from files people saved in other programs. */

/**
 * Offset of the first byte that is not UTF-8 (the bytes' length when all
 * are): the longest prefix the platform's own strict decoder accepts, found
 * by halving, so the answer always agrees with the decoder that refused the file.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const decodes = (n: number) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  if (decodes(bytes.byteLength)) return bytes.byteLength;
  let [good, bad] = [0, bytes.byteLength];
  while (bad - good > 1) {
    const mid = Math.floor((good + bad) / 2);
    if (decodes(mid)) good = mid;
    else bad = mid;
  }
  return good;
}
