/** Opaque page cursors: the sort key of the last row of a page, base64url JSON. */
import { z } from 'zod';

export const encodeCursor = (key: readonly (string | number)[]): string => Buffer.from(JSON.stringify(key)).toString('base64url');

/** The sort key in a cursor, or undefined when the cursor is not one of ours. */
export function decodeCursor<T extends z.ZodTypeAny>(cursor: string, shape: T): z.infer<T> | undefined {
  try {
    const parsed = shape.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
