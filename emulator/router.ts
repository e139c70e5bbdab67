import { ROUTES, type RouteDef } from './routes/table';

interface CompiledRoute {
  def: RouteDef;
  regex: RegExp;
  names: string[];
}

export type RouteMatch =
  | { kind: 'route'; def: RouteDef; params: Record<string, string>; hadSlash: boolean }
  /** The path exists but not for this method; `def` is a route of the same path (for family policy). */
  | { kind: 'method_not_allowed'; def: RouteDef; allowed: string[]; hadSlash: boolean }
  | { kind: 'bad_path' }
  | { kind: 'none' };

function compile(def: RouteDef): CompiledRoute {
  const names: string[] = [];
  const source = def.pattern
    .split('/')
    .map((seg) => {
      if (!seg.startsWith(':')) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(seg.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { def, regex: new RegExp(`^${source}$`), names };
}

const COMPILED = ROUTES.map(compile);

/** Match a pathname (one trailing slash is stripped and reported) against the route table. */
export function matchRoute(method: string, pathname: string): RouteMatch {
  const hadSlash = pathname.length > 1 && pathname.endsWith('/');
  const path = hadSlash ? pathname.slice(0, -1) : pathname;
  const wanted = method === 'HEAD' ? 'GET' : method;
  let samePath: CompiledRoute[] = [];
  for (const route of COMPILED) {
    const m = route.regex.exec(path);
    if (!m) continue;
    if (route.def.method !== wanted) {
      samePath.push(route);
      continue;
    }
    const params: Record<string, string> = {};
    try {
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1]);
      });
    } catch {
      return { kind: 'bad_path' };
    }
    return { kind: 'route', def: route.def, params, hadSlash };
  }
  samePath = samePath.filter((r) => r.def.pattern === samePath[0]?.def.pattern);
  if (samePath.length > 0) {
    const allowed: string[] = samePath.map((r) => r.def.method);
    if (allowed.includes('GET')) allowed.push('HEAD');
    return { kind: 'method_not_allowed', def: samePath[0].def, allowed, hadSlash };
  }
  return { kind: 'none' };
}
