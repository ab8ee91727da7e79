/**
 * Flow preview links, as Get Flow Details' `fields=preview.invalidate(false)` gives them:
 * `{preview_url, expires_at}`, valid 30 days. The same link comes back until it expires or
 * `invalidate(true)` asks for a new one, so a client must never store it as a stable output.
 */
import { randomUUID } from "node:crypto";
import type { StoredFlow } from "./store";

/** How long a preview link lasts (Meta: 30 days). */
export const PREVIEW_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

/** Meta's `preview` field. */
export interface FlowPreview {
  readonly preview_url: string;
  /** Meta's timestamp format, e.g. `2026-01-31T09:15:00+0000`. */
  readonly expires_at: string;
}

/** The flow's preview at `now`: the one it has, or a new one when invalidated or expired (stored in the flow). */
export function previewOf(flow: StoredFlow, now: number, invalidate: boolean): FlowPreview {
  if (invalidate || !flow.preview || flow.preview.expiresAt <= now) {
    const token = randomUUID();
    const url = `https://business.facebook.com/wa/manage/flows/${encodeURIComponent(flow.id)}/preview/?token=${token}`;
    flow.preview = { url, expiresAt: now + PREVIEW_LIFETIME_MS };
  }
  return { preview_url: flow.preview.url, expires_at: metaTime(flow.preview.expiresAt) };
}

/** `2026-01-31T09:15:00+0000`: ISO 8601 without milliseconds, the offset written as Meta does. */
export function metaTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+0000");
}
