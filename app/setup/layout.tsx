import type { ReactNode } from 'react';
import { AuthFrame } from '@/components/shell/auth-frame';

export default function SetupLayout({ children }: { children: ReactNode }) {
  return <AuthFrame wide>{children}</AuthFrame>;
}
