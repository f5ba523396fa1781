/**
 * The checks every webview message goes through (story-map/protocol.ts,
 * player/protocol.ts): a page is untrusted, so only a plain object's own
 * data fields are read, and names are non-empty strings of bounded length.
 */

/** The longest name (of a beat, choice, option, arc or conflict id) a message may carry. */
export const MAX_ID = 4096;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A plain object's own fields only: nothing is read from its prototype (or from a getter on it). */
export function ownFields(value: unknown): Record<string, unknown> | undefined {
  if (!isRecord(value)) return undefined;
  const fields: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (descriptor && 'value' in descriptor) fields[key] = descriptor.value;
  }
  return fields;
}

export function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID;
}

export function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
