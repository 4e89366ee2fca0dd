// Reads the RFC 6381 codec string of the H.264 stream from an fMP4 init section, so the master
// playlist can be checked against (or built from) what the encoder really wrote.
const AVCC = Buffer.from('avcC', 'latin1');

/** "avc1.64001f" from the avcC box (profile, constraint flags, level), or null without one. */
export function avcCodecFromInitSegment(data: Uint8Array): string | null {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const at = bytes.indexOf(AVCC);
  // avcC payload: configurationVersion (1), AVCProfileIndication, profile_compatibility, AVCLevelIndication
  if (at < 0 || at + 8 > bytes.length || bytes[at + 4] !== 1) return null;
  const hex = (byte: number): string => byte.toString(16).padStart(2, '0');
  return `avc1.${hex(bytes[at + 5])}${hex(bytes[at + 6])}${hex(bytes[at + 7])}`;
}
