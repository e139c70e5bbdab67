// Pure, client-safe tag logic: filters, sorting, digest groups, selection, wire format.
export * from './types';
export * from './name-filter';
export * from './dates';
export * from './digest-groups';
export * from './filter';
export * from './sort';
export * from './selection';
export * from './wire';
export * from './format';
export * from './view-state';
