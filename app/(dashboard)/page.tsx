import { redirect } from 'next/navigation';

/** The dashboard home is the instance list. */
export default function HomePage() {
  redirect('/instances');
}
