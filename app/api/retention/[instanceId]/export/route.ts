// GET /api/retention/{instanceId}/export: every retention policy of the instance as a JSON file.
import { NextResponse } from 'next/server';
import { withPermission } from '@/lib/auth/route';
import { exportRetentionPolicies } from '@/lib/services/retention';

export const dynamic = 'force-dynamic';

export const GET = withPermission(
  'retention.manage',
  async (_req, ctx: { params: Promise<{ instanceId: string }> }, user) => {
    const { instanceId } = await ctx.params;
    const doc = await exportRetentionPolicies(user, instanceId);
    const slug =
      doc.instance
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') || 'instance';
    return new NextResponse(`${JSON.stringify(doc, null, 2)}\n`, {
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-disposition': `attachment; filename="retention-${slug}.json"`,
        'cache-control': 'no-store',
      },
    });
  },
);
