// Retention policies: pure, client-safe logic (evaluator, patterns, cron, policies as code).
export * from './types';
export * from './patterns';
export * from './evaluate';
export * from './describe';
export * from './cron';
export * from './validate';
export * from './policy-code';
export * from './dto';
