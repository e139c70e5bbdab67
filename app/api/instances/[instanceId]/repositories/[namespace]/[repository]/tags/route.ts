// GET /api/instances/[instanceId]/repositories/[namespace]/[repository]/tags[?refresh=1]
// Every tag of the repository as NDJSON: `progress` lines while the server pages through Hub
// concurrently, then one `done` line with all tags in the compact wire format (lib/tags/wire).
// Failures before the first page arrive are plain JSON errors with a status code; later ones are
// an `error` line.
import { NextResponse } from 'next/server';
import { withPermission } from '@/lib/auth/route';
import { isAppError } from '@/lib/errors';
import type { TagStreamEvent } from '@/lib/queries/browse-types';
import { listRepositoryTags, toBrowseError } from '@/lib/services/browse';
import { encodeTags } from '@/lib/tags/wire';
import { browseErrorResponse, wantsRefresh } from '../../../_respond';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ instanceId: string; namespace: string; repository: string }> };

const HEADERS = {
  'content-type': 'application/x-ndjson; charset=utf-8',
  'cache-control': 'no-store',
  // Ask reverse proxies not to buffer the progress lines.
  'x-accel-buffering': 'no',
} as const;

export const GET = withPermission('repositories.view', async (req, ctx: Ctx, user) => {
  const { instanceId, namespace, repository } = await ctx.params;
  const encoder = new TextEncoder();
  let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  let closed = false;
  const pending: Uint8Array[] = [];
  const send = (event: TagStreamEvent): void => {
    if (closed) return;
    const chunk = encoder.encode(`${JSON.stringify(event)}\n`);
    if (controller === null) {
      pending.push(chunk);
      return;
    }
    try {
      controller.enqueue(chunk);
    } catch {
      closed = true;
    }
  };

  let sawProgress: () => void = () => {};
  const progressed = new Promise<'progress'>((resolve) => {
    sawProgress = () => resolve('progress');
  });
  const work = listRepositoryTags(user, instanceId, namespace, repository, {
    refresh: wantsRefresh(req),
    onProgress: (p) => {
      send({ type: 'progress', loaded: p.loaded, total: p.total });
      sawProgress();
    },
  });
  const first = await Promise.race([work.then(() => 'done' as const, () => 'failed' as const), progressed]);
  if (first === 'failed') {
    try {
      await work;
    } catch (err) {
      return browseErrorResponse(err);
    }
  }

  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      for (const chunk of pending.splice(0)) c.enqueue(chunk);
      work.then(
        (result) => {
          send({ type: 'done', fetchedAt: result.fetchedAt, cached: result.cached, tags: encodeTags(result.tags) });
          if (!closed) c.close();
          closed = true;
        },
        (err: unknown) => {
          const e = toBrowseError(err);
          send({
            type: 'error',
            error: isAppError(e)
              ? { code: e.code, message: e.message }
              : { code: 'internal', message: 'Loading the tags failed on the server. Try again.' },
          });
          if (!closed) c.close();
          closed = true;
        },
      );
    },
    cancel() {
      // The browser went away; the load goes on and fills the cache for the next visit.
      closed = true;
    },
  });
  return new NextResponse(stream, { status: 200, headers: HEADERS });
});
