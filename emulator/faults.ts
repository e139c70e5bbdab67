import { createPrng, type Prng } from './prng';
import type { FaultRule } from './types';

/** What an injected fault does to one request. */
export type FaultAction =
  | { kind: 'status'; status: number }
  | { kind: 'rate_limit'; retryAfterSeconds: number }
  | { kind: 'hap429' }
  | { kind: 'reset' };

export interface FaultDecision {
  action: FaultAction;
  afterHandler: boolean;
}

interface ArmedRule {
  rule: FaultRule;
  matches: (method: string, path: string) => boolean;
  prng: Prng;
  failNextLeft: number;
  burstLeft: number;
}

/**
 * A string starting with `^` is a regex; anything else is a glob over the whole pathname where `*` stays within
 * one path segment and `**` crosses segments. (Paths themselves start with '/', so `/re/` syntax is not used.)
 */
export function compilePathMatcher(pattern: string): RegExp {
  if (pattern.startsWith('^')) return new RegExp(pattern);
  const source = pattern
    .split('**')
    .map((part) =>
      part
        .split('*')
        .map((lit) => lit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('.*');
  return new RegExp(`^${source}$`);
}

function arm(rule: FaultRule): ArmedRule {
  const method = rule.method?.toUpperCase();
  const regex = rule.path === undefined ? null : compilePathMatcher(rule.path);
  return {
    rule,
    matches: (m, p) => (!method || method === m) && (!regex || regex.test(p)),
    prng: createPrng(rule.seed ?? 1),
    failNextLeft: rule.failNext ?? 0,
    burstLeft: rule.rateLimitBurst ?? 0,
  };
}

/** Runtime fault injection: per-route latency, error rates (seeded), fail-next counters, 429 bursts, resets. */
export class FaultEngine {
  private armed: ArmedRule[] = [];

  set(rules: FaultRule[]): void {
    this.armed = rules.map(arm);
  }

  /** The configured rules with their remaining counters. */
  list(): (FaultRule & { remaining: { failNext: number; rateLimitBurst: number } })[] {
    return this.armed.map((a) => ({ ...a.rule, remaining: { failNext: a.failNextLeft, rateLimitBurst: a.burstLeft } }));
  }

  /** Extra latency for this request (sum over matching rules). */
  latencyFor(method: string, path: string): number {
    let total = 0;
    for (const a of this.armed) if (a.rule.latencyMs && a.matches(method, path)) total += a.rule.latencyMs;
    return total;
  }

  /**
   * Decide (and consume counters) whether this request fails. First matching rule that fires wins. A rule fires
   * when: a 429 burst or fail-next counter is left; or its errorRate draw hits; or it has a failure action but no
   * trigger at all (= always).
   */
  decide(method: string, path: string): FaultDecision | null {
    for (const a of this.armed) {
      if (!a.matches(method, path)) continue;
      const { rule } = a;
      if (a.burstLeft > 0) {
        a.burstLeft -= 1;
        return {
          action: { kind: 'rate_limit', retryAfterSeconds: rule.retryAfterSeconds ?? 1 },
          afterHandler: rule.afterHandler ?? false,
        };
      }
      const hasTrigger =
        rule.failNext !== undefined || rule.errorRate !== undefined || rule.rateLimitBurst !== undefined;
      const hasAction = rule.status !== undefined || rule.reset === true || rule.hap429 === true;
      let fires = false;
      if (a.failNextLeft > 0) {
        a.failNextLeft -= 1;
        fires = true;
      } else if (rule.errorRate !== undefined) {
        fires = a.prng() < rule.errorRate;
      } else if (!hasTrigger && hasAction) {
        fires = true;
      }
      if (fires) return { action: actionOf(rule), afterHandler: rule.afterHandler ?? false };
    }
    return null;
  }
}

function actionOf(rule: FaultRule): FaultAction {
  if (rule.hap429) return { kind: 'hap429' };
  if (rule.reset) return { kind: 'reset' };
  const status = rule.status ?? 500;
  if (status === 429) return { kind: 'rate_limit', retryAfterSeconds: rule.retryAfterSeconds ?? 1 };
  return { kind: 'status', status };
}
