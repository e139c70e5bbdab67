import 'server-only';
import { notFound } from 'next/navigation';
import { isAppError } from '@/lib/errors';

/** Runs a service read; a not-found AppError becomes the 404 page. */
export async function orNotFound<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (isAppError(err) && err.code === 'not_found') notFound();
    throw err;
  }
}
