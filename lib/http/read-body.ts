/** The request's body, read up to `maxBytes`: past that the read stops and `tooLarge()` is thrown. */
export async function readBodyLimited(
  request: Request,
  maxBytes: number,
  tooLarge: () => Error,
): Promise<Buffer> {
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
