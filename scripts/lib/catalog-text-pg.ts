// A `pg` Client for Prisma's WASM schema engine: that engine cannot decode the
// catalog column types `name` (oid 19) and `"char"` (oid 18) that its
// introspection queries return, so we report them as `text` (oid 25).
// Pool calls Client.query with a callback, the adapter's transactions use the
// promise form: both paths are wrapped.
import pg from 'pg';

const TEXT_OID = 25;
const CATALOG_TEXT_OIDS = new Set([18, 19]);

type Field = { dataTypeID: number };
type WithFields = { fields?: Field[] };

function reportCatalogColumnsAsText<T>(result: T): T {
  const results = Array.isArray(result) ? result : [result];
  for (const r of results as WithFields[]) {
    for (const field of r?.fields ?? []) {
      if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}

export class CatalogTextClient extends pg.Client {
  // pg's overloads cannot be re-declared generically; the wrapper only
  // post-processes results and passes every argument through unchanged.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      args[args.length - 1] = (err: Error | null, res: unknown) =>
        last(err, err ? res : reportCatalogColumnsAsText(res));
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return (super.query as any)(...args);
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const ret = (super.query as any)(...args);
    if (ret && typeof ret.then === 'function') return ret.then(reportCatalogColumnsAsText);
    return ret;
  }
}
