'use client';

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { cn } from './cn';

export type ToastVariant = 'success' | 'error' | 'info';
export interface ToastInput {
  title: string;
  description?: string;
  variant?: ToastVariant;
}
interface ToastItem extends ToastInput {
  id: number;
}

const ToastContext = createContext<((t: ToastInput) => void) | null>(null);

const VARIANTS: Record<ToastVariant, string> = {
  success: 'border-l-emerald-500',
  error: 'border-l-red-500',
  info: 'border-l-indigo-500',
};

function ToastView({ toast, onDismiss }: { toast: ToastItem; onDismiss: (id: number) => void }) {
  useEffect(() => {
    const timer = setTimeout(() => onDismiss(toast.id), toast.variant === 'error' ? 8000 : 4000);
    return () => clearTimeout(timer);
  }, [toast, onDismiss]);
  return (
    <div
      role={toast.variant === 'error' ? 'alert' : 'status'}
      className={cn(
        'pointer-events-auto flex w-80 max-w-[calc(100vw-2rem)] items-start gap-3 rounded-md border-l-4 bg-white px-4 py-3 text-sm shadow-lg ring-1 ring-zinc-200',
        'dark:bg-zinc-900 dark:ring-zinc-800',
        VARIANTS[toast.variant ?? 'info'],
      )}
    >
      <div className="min-w-0 flex-1">
        <p className="font-medium text-zinc-900 dark:text-zinc-100">{toast.title}</p>
        {toast.description ? <p className="mt-0.5 text-zinc-600 dark:text-zinc-400">{toast.description}</p> : null}
      </div>
      <button
        type="button"
        onClick={() => onDismiss(toast.id)}
        className="rounded text-zinc-400 hover:text-zinc-700 dark:hover:text-zinc-200"
        aria-label="Dismiss"
      >
        ×
      </button>
    </div>
  );
}

/** Renders toasts; mounted once in app/providers.tsx. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<ToastItem[]>([]);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const push = useCallback((t: ToastInput) => {
    setToasts((all) => [...all.slice(-3), { ...t, id: Date.now() + Math.random() }]);
  }, []);
  const value = useMemo(() => push, [push]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div aria-live="polite" className="pointer-events-none fixed right-4 bottom-4 z-50 flex flex-col items-end gap-2">
        {toasts.map((t) => (
          <ToastView key={t.id} toast={t} onDismiss={dismiss} />
        ))}
      </div>
    </ToastContext.Provider>
  );
}

/** `const toast = useToast(); toast({ title: 'Saved', variant: 'success' })` */
export function useToast(): (t: ToastInput) => void {
  const push = useContext(ToastContext);
  if (!push) throw new Error('useToast must be used inside <ToastProvider> (app/providers.tsx)');
  return push;
}
